import type { Pool } from 'pg';
import { StaleWriteError } from '../../commands/ports/stale-write-error';
import type { TraderDayBook, TraderDayBooks } from '../../commands/ports/trader-day-books';

interface Row {
  trading_day: string;
  namespace: string;
  mode: 'PAPER' | 'LIVE';
  created_at: Date;
  version: string;
}

const COLUMNS = `to_char(trading_day, 'YYYY-MM-DD') AS trading_day, namespace, mode, created_at, version`;

function bookOf(r: Row): TraderDayBook {
  return {
    tradingDay: r.trading_day,
    namespace: r.namespace,
    mode: r.mode,
    createdAt: r.created_at.toISOString(),
    version: Number(r.version),
  };
}

/** The trader's day books in PostgreSQL (table trader_day_books), shared by every instance of a book. */
export class PgTraderDayBooks implements TraderDayBooks {
  constructor(private readonly pool: Pool) {}

  async open(
    bookKey: string,
    fresh: Omit<TraderDayBook, 'version'>,
  ): Promise<{ book: TraderDayBook; resumed: boolean }> {
    if (!bookKey) throw new Error('a book key is required');
    // One statement: the insert wins or the row a racing instance inserted first is read back.
    const made = await this.pool.query<Row>(
      `INSERT INTO trader_day_books (book_key, trading_day, namespace, mode, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (book_key, trading_day) DO NOTHING RETURNING ${COLUMNS}`,
      [bookKey, fresh.tradingDay, fresh.namespace, fresh.mode, fresh.createdAt],
    );
    if (made.rows[0]) return { book: bookOf(made.rows[0]), resumed: false };
    const found = await this.find(bookKey, fresh.tradingDay);
    if (!found) throw new Error(`the day book of ${fresh.tradingDay} could be neither made nor found`);
    return { book: found, resumed: true };
  }

  async find(bookKey: string, tradingDay: string): Promise<TraderDayBook | null> {
    const r = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM trader_day_books WHERE book_key = $1 AND trading_day = $2`,
      [bookKey, tradingDay],
    );
    return r.rows[0] ? bookOf(r.rows[0]) : null;
  }

  async setMode(bookKey: string, from: TraderDayBook, mode: TraderDayBook['mode']): Promise<TraderDayBook> {
    const r = await this.pool.query<Row>(
      `UPDATE trader_day_books SET mode = $4, version = version + 1, updated_at = now()
       WHERE book_key = $1 AND trading_day = $2 AND version = $3 RETURNING ${COLUMNS}`,
      [bookKey, from.tradingDay, from.version, mode],
    );
    if (r.rows[0]) return bookOf(r.rows[0]);
    const now = await this.find(bookKey, from.tradingDay);
    throw new StaleWriteError(`day book ${from.tradingDay}`, from.version, now?.version ?? null);
  }
}
