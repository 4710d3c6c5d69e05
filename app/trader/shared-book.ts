import type { Pool } from 'pg';
import { PgTraderDayBooks } from '../../adapters/postgres/pg-trader-day-books';
import { PgTraderPaperAccounts } from '../../adapters/postgres/pg-trader-paper-accounts';
import type { PaperAccounts } from '../../commands/ports/paper-accounts';
import type { TraderDayBooks } from '../../commands/ports/trader-day-books';

/**
 * The book every trader instance on one Kite account shares: its day books and its paper accounts,
 * in the one database. `key` names the book (the Kite API key, as the leader lock does).
 */
export interface SharedBook {
  readonly key: string;
  readonly days: TraderDayBooks;
  readonly accounts: PaperAccounts;
}

export function pgSharedBook(pool: Pool, apiKey: string): SharedBook {
  return { key: `kite:${apiKey}`, days: new PgTraderDayBooks(pool), accounts: new PgTraderPaperAccounts(pool) };
}
