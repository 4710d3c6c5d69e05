import { randomBytes } from 'node:crypto';
import { StaleWriteError } from '../../commands/ports/stale-write-error';
import type { TraderDayBook, TraderDayBooks } from '../../commands/ports/trader-day-books';

export type { TraderDayBook } from '../../commands/ports/trader-day-books';

/** A fresh namespace for a trading day's book: `trader-<yyyymmdd>-<6 hex>`. */
export function freshNamespace(tradingDay: string): string {
  return `trader-${tradingDay.replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
}

/**
 * The day's book of a trader book (one per Kite account: `bookKey`), shared by every instance on
 * it: the first start of a trading day makes a fresh namespace (PAPER); every later start that day
 * (a crash, a deploy, another instance taking over) finds the same one and continues it.
 */
export async function dayBookFor(
  books: TraderDayBooks,
  bookKey: string,
  tradingDay: string,
  now: Date,
): Promise<{ book: TraderDayBook; resumed: boolean }> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(tradingDay)) throw new RangeError(`trading day ${tradingDay} is not YYYY-MM-DD`);
  return books.open(bookKey, {
    tradingDay,
    namespace: freshNamespace(tradingDay),
    mode: 'PAPER',
    createdAt: now.toISOString(),
  });
}

/**
 * Notes the day's mode in its book (the control stream's ModeChanged is the record; the book is its
 * mirror, for the next start). It reads the stored book first and writes only when its mode
 * differs; a write refused as stale (another instance wrote meanwhile) is read and tried again.
 */
export async function recordDayBookMode(
  books: TraderDayBooks,
  bookKey: string,
  book: Pick<TraderDayBook, 'tradingDay'>,
  mode: TraderDayBook['mode'],
): Promise<TraderDayBook> {
  for (let attempt = 1; ; attempt++) {
    const now = await books.find(bookKey, book.tradingDay);
    if (!now) throw new Error(`no day book of ${book.tradingDay} to record the mode ${mode} in`);
    if (now.mode === mode) return now;
    try {
      return await books.setMode(bookKey, now, mode);
    } catch (err) {
      if (!(err instanceof StaleWriteError) || attempt >= 3) throw err;
    }
  }
}
