-- The trader's book, shared by every instance trading it (same Kite API key, same database):
-- which namespace and mode each trading day trades in, and the PAPER account (the paper broker's
-- whole state). Both are written with optimistic concurrency: a write names the version it read,
-- and a writer that read an older version than the row's is refused, never silently overwrites.
CREATE TABLE trader_day_books (
  book_key     text NOT NULL,
  trading_day  date NOT NULL,
  namespace    text NOT NULL UNIQUE,
  mode         text NOT NULL CHECK (mode IN ('PAPER', 'LIVE')),
  version      bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (book_key, trading_day)
);

CREATE TABLE trader_paper_accounts (
  namespace    text PRIMARY KEY,
  snapshot     jsonb NOT NULL,
  version      bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
