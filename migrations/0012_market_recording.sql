-- Market data as the pipeline saw it, per run namespace and IST trading day (the audit re-run reads it).
-- Written in batches by adapters/postgres/pg-market-recorder.ts; every insert is idempotent (a
-- restarted process recording the same instant or minute again adds nothing).

-- What the day traded on besides its ticks: instruments, option chains, futures (JSON), and the config hash.
CREATE TABLE market_sessions (
  namespace    text NOT NULL,
  trading_day  date NOT NULL,
  config_hash  text NOT NULL,
  universe     jsonb NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (namespace, trading_day)
);

-- The feed's deliveries in order: tick batches as received (payload: compact JSON tuples, exact
-- paise) and the 1-minute bars completed at an instant (payload: [[key, start_ms], ...], the bars
-- themselves in market_bars). at_ms: market time of the delivery (epoch ms, UTC); ord: its place
-- among deliveries at the same at_ms.
CREATE TABLE market_tape (
  namespace    text NOT NULL,
  trading_day  date NOT NULL,
  at_ms        bigint NOT NULL,
  ord          integer NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('ticks', 'bars')),
  payload      text NOT NULL,
  PRIMARY KEY (namespace, trading_day, at_ms, ord)
);

-- The closed 1-minute bars of every subscribed instrument (paise; minute_start UTC).
CREATE TABLE market_bars (
  namespace       text NOT NULL,
  trading_day     date NOT NULL,
  instrument_key  text NOT NULL,
  minute_start    timestamptz NOT NULL,
  open            bigint NOT NULL,
  high            bigint NOT NULL,
  low             bigint NOT NULL,
  close           bigint NOT NULL,
  volume          bigint NOT NULL,
  PRIMARY KEY (namespace, trading_day, instrument_key, minute_start)
);

-- The quote each decision used (NULL last: no market data for the instrument at all).
CREATE TABLE market_decision_quotes (
  namespace       text NOT NULL,
  trading_day     date NOT NULL,
  plan_id         text NOT NULL,
  instrument_key  text NOT NULL,
  decided_at      timestamptz NOT NULL,
  last            bigint,
  bid             bigint,
  ask             bigint,
  quote_at        timestamptz,
  quote_modelled  boolean,
  PRIMARY KEY (namespace, trading_day, plan_id)
);
