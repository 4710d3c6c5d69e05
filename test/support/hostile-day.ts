import { CANONICAL_HEADER } from '../../adapters/market-data/bar-file-formats';
import type { Bar } from '../../domain/market/bar';
import { istWallClockMs } from '../../domain/market/session-times';
import { seededRng } from '../../domain/market/synthetic/prng';
import { toRupeeString } from '../../domain/money/paise';

/** A hostile recorded day, generated (never committed data): gaps, a flash crash, a gap open, grouped by instrument. */
export const HOSTILE_DAY = '2025-09-04';

interface Path {
  readonly key: string;
  readonly start: number;
  readonly tick: number;
  readonly vol: number;
  readonly volume: number;
  /** IST HH:mm minutes with no bar (the feed was down for this instrument alone). */
  readonly gaps: readonly [string, string][];
}

const PATHS: readonly Path[] = [
  { key: 'NSE:SBIN', start: 80_000, tick: 5, vol: 0.0012, volume: 60_000, gaps: [['10:30', '11:15']] },
  { key: 'NSE:INFY', start: 150_000, tick: 5, vol: 0.0011, volume: 30_000, gaps: [['14:02', '14:04']] },
  { key: 'NSE:NIFTY 50', start: 2_480_000, tick: 5, vol: 0.0006, volume: 0, gaps: [['13:00', '13:20']] },
];

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/**
 * The bars of the hostile day: a trending random walk per instrument (seeded), SBIN opening 4%
 * above where it trades a minute later (a gap open that fades), INFY crashing 9% in two minutes at
 * 11:02 IST and recovering by 11:07 (a flash crash), and a feed gap for one instrument at a time.
 */
export function hostileBars(seed = 7): Bar[] {
  const open = istWallClockMs(HOSTILE_DAY, '09:15');
  const out: Bar[] = [];
  for (const p of PATHS) {
    const rng = seededRng(seed, p.key);
    let price = p.start;
    let drift = 0;
    for (let m = 0; m < 375; m++) {
      const ist = 9 * 60 + 15 + m;
      if (m % 45 === 0) drift = (rng.next() < 0.5 ? -1 : 1) * p.vol * 0.6;
      const from = price;
      price = price * (1 + drift + p.vol * rng.normal());
      let o = from;
      if (p.key === 'NSE:SBIN' && m === 0) o = from * 1.04; // gap open
      if (p.key === 'NSE:INFY' && (ist === 11 * 60 + 2 || ist === 11 * 60 + 3)) price *= 0.955; // flash crash
      if (p.key === 'NSE:INFY' && ist >= 11 * 60 + 4 && ist <= 11 * 60 + 7) price *= 1.023; // recovery
      const c = price;
      const hi = Math.max(o, c) * (1 + Math.abs(rng.normal()) * p.vol * 0.5);
      const lo = Math.min(o, c) * (1 - Math.abs(rng.normal()) * p.vol * 0.5);
      if (p.gaps.some(([a, b]) => ist >= minuteOf(a) && ist <= minuteOf(b))) continue;
      const t = (x: number) => Math.round(x / p.tick) * p.tick;
      const [O, H, L, C] = [t(o), t(hi), t(lo), t(c)];
      out.push({
        key: p.key,
        start: new Date(open + m * 60_000).toISOString(),
        open: O,
        high: Math.max(O, H, L, C),
        low: Math.min(O, H, L, C),
        close: C,
        volume: p.volume === 0 ? 0 : Math.round(p.volume * (0.5 + rng.next()) * (m < 15 ? 3 : 1)),
      });
    }
  }
  return out;
}

/** The canonical CSV of the bars grouped by instrument (each instrument's day in time order, one after another). */
export function groupedCsv(bars: readonly Bar[]): string {
  const keys = [...new Set(bars.map((b) => b.key))];
  const rows = keys.flatMap((k) =>
    bars
      .filter((b) => b.key === k)
      .map(
        (b) =>
          `${b.key},${b.start.slice(0, 16)}:00Z,${[b.open, b.high, b.low, b.close].map(toRupeeString).join(',')},${b.volume}`,
      ),
  );
  return `${CANONICAL_HEADER}\n${rows.join('\n')}\n`;
}

/** The IST minutes (epoch ms of the bar's start) at which `key` has a bar. */
export function barMinutes(bars: readonly Bar[], key: string): Set<number> {
  return new Set(bars.filter((b) => b.key === key).map((b) => Date.parse(b.start)));
}
