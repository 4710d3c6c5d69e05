import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** Which book a trading day trades in: its namespace (streams, paper account) and its mode. */
export interface TraderDayBook {
  readonly tradingDay: string;
  readonly namespace: string;
  readonly mode: 'PAPER' | 'LIVE';
  readonly createdAt: string;
}

const schema = z.object({
  tradingDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  namespace: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  mode: z.enum(['PAPER', 'LIVE']),
  createdAt: z.string(),
});

/** Writes a file whole or not at all (a crash mid-write leaves the previous one). */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * The day's book, kept under the data directory: the first start of a trading day makes a fresh
 * namespace; every later start that day (a crash, a deploy) finds the same one and continues it.
 */
export function dayBookFor(dir: string, tradingDay: string, now: Date): { book: TraderDayBook; resumed: boolean } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `day-${tradingDay}.json`);
  if (existsSync(path)) {
    const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) throw new Error(`${path} is not a trader day book: ${parsed.error.message}`);
    return { book: parsed.data, resumed: true };
  }
  const book: TraderDayBook = {
    tradingDay,
    namespace: `trader-${tradingDay.replace(/-/g, '')}-${randomBytes(3).toString('hex')}`,
    mode: 'PAPER',
    createdAt: now.toISOString(),
  };
  writeFileAtomic(path, `${JSON.stringify(book, null, 2)}\n`);
  return { book, resumed: false };
}

/** Notes the day's mode in its book (the control stream's ModeChanged is the record; this is its mirror). */
export function recordDayBookMode(dir: string, book: TraderDayBook, mode: TraderDayBook['mode']): TraderDayBook {
  const next = { ...book, mode };
  writeFileAtomic(join(dir, `day-${book.tradingDay}.json`), `${JSON.stringify(next, null, 2)}\n`);
  return next;
}
