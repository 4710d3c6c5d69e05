import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BurninVerdict, burninVerdict } from '../../domain/burnin/verdict';

/** One day the trader traded, as its burn-in ledger keeps it: the gates of its report. */
export interface LedgerDay {
  readonly tradingDay: string;
  readonly namespace: string;
  /** PAPER: only the paper account traded; LIVE: some of the day's orders went to Kite. */
  readonly mode: 'PAPER' | 'LIVE';
  readonly gates: Readonly<Record<string, boolean>>;
}

const SUFFIX = '.gates.json';

/**
 * The trader's burn-in so far: every day's gates kept beside its report (`<day>.gates.json`, one
 * file a day, rewritten when the day is reported again), and the seed plan's verdict over its
 * PAPER days in trading order (three consecutive days passing every gate before LIVE).
 */
export async function recordLedgerDay(dir: string, day: LedgerDay): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${day.tradingDay}${SUFFIX}`), `${JSON.stringify(day, null, 2)}\n`, 'utf8');
}

/** The ledger's days in trading order; a file that cannot be read as a day is named in `unreadable`. */
export async function readLedger(dir: string): Promise<{ days: LedgerDay[]; unreadable: string[] }> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(SUFFIX)).sort();
  const days: LedgerDay[] = [];
  const unreadable: string[] = [];
  for (const name of names) {
    try {
      const d = JSON.parse(await readFile(join(dir, name), 'utf8')) as LedgerDay;
      if (typeof d.tradingDay !== 'string' || typeof d.gates !== 'object' || d.gates === null)
        throw new Error('not a day');
      days.push(d);
    } catch {
      unreadable.push(name);
    }
  }
  return { days, unreadable };
}

/** The verdict over the ledger's PAPER days (a LIVE day is not burn-in). */
export function paperVerdict(days: readonly LedgerDay[]): { verdict: BurninVerdict; paperDays: number } {
  const paper = days.filter((d) => d.mode === 'PAPER');
  return { verdict: burninVerdict(paper), paperDays: paper.length };
}
