-- The trading read models (projections/read-models/). Every row carries its namespace (the run's or
-- the live account's, the part of the stream ID before the first ':'), so runs stay separately
-- queryable. Money is integer paise (bigint), quantities whole units, times timestamptz (UTC),
-- trading days IST dates. No serial columns, no foreign keys, no views: a rebuild drops and renames
-- these tables. Each projection's rows are keyed by natural keys or event IDs, and each fold keeps
-- what it last applied (a stream version, a trade ID, an event's point), so applying an event twice
-- changes nothing.

-- ---------------------------------------------------------------------------------------------
-- Projection 'orders_book': orders, fills, positions, daily P&L and its curve (order events and
-- MarksRecorded).

-- One row per client order ID, folded with the order decider's own evolve.
CREATE TABLE rm_orders (
  namespace        text NOT NULL,
  client_order_id  text NOT NULL,
  trading_day      date NOT NULL,
  group_id         text NOT NULL,
  leg_role         text NOT NULL,
  instrument_key   text NOT NULL,
  side             text NOT NULL,
  order_type       text NOT NULL,
  validity         text NOT NULL,
  product          text NOT NULL,
  qty              integer NOT NULL,          -- as last confirmed by the broker
  limit_price      bigint,
  trigger_price    bigint,
  status           text NOT NULL,
  broker_order_id  text,
  filled_qty       integer NOT NULL,
  filled_value     bigint NOT NULL,           -- sum of qty x price over the fills (exact)
  avg_fill_price   bigint,                    -- filled_value / filled_qty to the paisa; NULL before a fill
  trade_ids        jsonb NOT NULL,            -- broker trade IDs counted
  triggered        boolean NOT NULL,
  cancel_pending   boolean NOT NULL,
  pending_modify   jsonb,                     -- {qty, limitPrice, triggerPrice} sent and not answered
  end_reason       text,
  reasons          jsonb NOT NULL,            -- [{event, reason, at}]: rejections, cancels, failures
  submitted_at     timestamptz NOT NULL,
  accepted_at      timestamptz,
  first_fill_at    timestamptz,
  last_fill_at     timestamptz,
  ended_at         timestamptz,
  updated_at       timestamptz NOT NULL,
  config_hash      text,                      -- of the submission
  version          integer NOT NULL,          -- last stream version applied
  PRIMARY KEY (namespace, client_order_id)
);
CREATE INDEX rm_orders_by_day ON rm_orders (namespace, trading_day, submitted_at DESC, client_order_id DESC);
CREATE INDEX rm_orders_by_group ON rm_orders (namespace, group_id);
CREATE INDEX rm_orders_working ON rm_orders (namespace, trading_day, instrument_key)
  WHERE status NOT IN ('FILLED', 'CANCELLED', 'REJECTED');

-- One row per fill (broker trade) of an order.
CREATE TABLE rm_fills (
  namespace        text NOT NULL,
  client_order_id  text NOT NULL,
  trade_id         text NOT NULL,
  trading_day      date NOT NULL,
  group_id         text NOT NULL,
  leg_role         text NOT NULL,
  instrument_key   text NOT NULL,
  side             text NOT NULL,
  qty              integer NOT NULL,
  price            bigint NOT NULL,
  filled_qty_after integer NOT NULL,
  filled_at        timestamptz NOT NULL,
  event_id         uuid NOT NULL,
  config_hash      text,
  PRIMARY KEY (namespace, client_order_id, trade_id)
);
CREATE INDEX rm_fills_by_day ON rm_fills (namespace, trading_day, filled_at);
CREATE INDEX rm_fills_by_trade_id ON rm_fills (namespace, trade_id);

-- One row per (namespace, trading day, instrument): the position built from its fills (FIFO).
CREATE TABLE rm_positions (
  namespace       text NOT NULL,
  trading_day     date NOT NULL,
  instrument_key  text NOT NULL,
  net_qty         integer NOT NULL,           -- + long, - short
  avg_price       bigint,                     -- of the open units, to the paisa; NULL when flat
  open_cost       bigint NOT NULL,            -- exact signed cost of the open units
  open_lots       jsonb NOT NULL,             -- [{qty, price}] FIFO, oldest first
  realised        bigint NOT NULL,
  unrealised      bigint,                     -- at last_mark; 0 when flat; NULL when open and never marked
  last_mark       bigint,
  marked_at       timestamptz,
  mfe             bigint,                     -- since the position last opened; NULL before
  mae             bigint,
  bought_qty      integer NOT NULL,
  sold_qty        integer NOT NULL,
  bought_value    bigint NOT NULL,
  sold_value      bigint NOT NULL,
  cash_flow       bigint NOT NULL,
  fills           integer NOT NULL,
  trade_ids       jsonb NOT NULL,
  stop_prices     jsonb NOT NULL,             -- trigger prices of the working STOP orders on it
  target_prices   jsonb NOT NULL,             -- limit prices of the working TARGET orders on it
  opened_at       timestamptz,                -- when it last opened (from flat or through zero)
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (namespace, trading_day, instrument_key)
);

-- One row per (namespace, trading day): the day's P&L now.
CREATE TABLE rm_daily_pnl (
  namespace          text NOT NULL,
  trading_day        date NOT NULL,
  realised           bigint NOT NULL,
  unrealised         bigint,                  -- NULL while an open position has no mark
  total              bigint,
  open_positions     integer NOT NULL,
  unmarked_positions integer NOT NULL,
  fills              integer NOT NULL,
  last_marks         jsonb NOT NULL,          -- instrument -> latest mark (paise)
  marked_at          timestamptz,
  point_seq          integer NOT NULL,        -- points recorded so far
  updated_at         timestamptz NOT NULL,
  PRIMARY KEY (namespace, trading_day)
);

-- The P&L curve: a point at every fill and every MarksRecorded.
CREATE TABLE rm_pnl_points (
  namespace    text NOT NULL,
  trading_day  date NOT NULL,
  seq          integer NOT NULL,
  at           timestamptz NOT NULL,
  cause        text NOT NULL,                 -- FILL | MARKS
  event_id     uuid NOT NULL,
  realised     bigint NOT NULL,
  unrealised   bigint,
  total        bigint,
  PRIMARY KEY (namespace, trading_day, seq),
  CONSTRAINT rm_pnl_points_event UNIQUE (namespace, event_id)
);

-- ---------------------------------------------------------------------------------------------
-- Projection 'oco_heat': OCO groups, trades (a closed group's round trip), portfolio heat and its
-- timeline (OCO events, MarksRecorded, DecisionMade).

CREATE TABLE rm_oco_groups (
  namespace        text NOT NULL,
  group_id         text NOT NULL,
  plan_id          text NOT NULL,
  trading_day      date NOT NULL,
  instrument_key   text NOT NULL,             -- the first leg's
  side             text NOT NULL,             -- the first leg's entry side
  phase            text NOT NULL,
  plan             jsonb NOT NULL,
  legs             jsonb NOT NULL,            -- the group's orders as the group sees them
  fills            jsonb NOT NULL,            -- [{tradeId, clientOrderId, legIndex, legRole, side, qty, price, at}]
  exit_reason      text,
  close_reason     text,
  last_exit_role   text,
  risk_events      integer NOT NULL,
  open_risk        bigint NOT NULL,           -- what the group loses if every stop is hit now
  mfe              bigint,                    -- of the group's position at marks; NULL before a mark
  mae              bigint,
  opened_at        timestamptz NOT NULL,
  activated_at     timestamptz,
  exit_started_at  timestamptz,
  closed_at        timestamptz,
  updated_at       timestamptz NOT NULL,
  config_hash      text,                      -- of the opening
  version          integer NOT NULL,
  PRIMARY KEY (namespace, group_id)
);
CREATE INDEX rm_oco_groups_by_day ON rm_oco_groups (namespace, trading_day, opened_at DESC, group_id DESC);
CREATE INDEX rm_oco_groups_by_plan ON rm_oco_groups (namespace, plan_id);
CREATE INDEX rm_oco_groups_open ON rm_oco_groups (namespace) WHERE phase <> 'CLOSED';

-- One row per closed group that traded: trade_id = group_id.
CREATE TABLE rm_trades (
  namespace        text NOT NULL,
  trade_id         text NOT NULL,
  group_id         text NOT NULL,
  plan_id          text NOT NULL,
  trading_day      date NOT NULL,
  instrument_key   text NOT NULL,
  side             text NOT NULL,
  qty              integer NOT NULL,          -- entry units filled (first leg)
  entry_avg_price  bigint,                    -- NULL for a basket leg 0 that never filled
  exit_avg_price   bigint,
  realised         bigint NOT NULL,           -- every leg's
  mfe              bigint,
  mae              bigint,
  close_reason     text NOT NULL,
  opened_at        timestamptz NOT NULL,      -- first entry fill
  closed_at        timestamptz NOT NULL,
  legs             jsonb NOT NULL,            -- per leg: instrument, side, qty, entry/exit averages, realised
  config_hash      text,                      -- of the closing
  PRIMARY KEY (namespace, trade_id)
);
CREATE INDEX rm_trades_by_day ON rm_trades (namespace, trading_day, closed_at DESC, trade_id DESC);
CREATE INDEX rm_trades_by_plan ON rm_trades (namespace, plan_id);

-- Portfolio heat now, per namespace.
CREATE TABLE rm_heat (
  namespace    text PRIMARY KEY,
  heat         bigint NOT NULL,
  heat_cap     bigint,                        -- from the last DecisionMade
  open_groups  integer NOT NULL,
  point_seq    integer NOT NULL,
  updated_at   timestamptz NOT NULL
);

-- The heat timeline: a point whenever heat or cap changes, and at every MarksRecorded and DecisionMade.
CREATE TABLE rm_heat_points (
  namespace    text NOT NULL,
  seq          integer NOT NULL,
  trading_day  date NOT NULL,
  at           timestamptz NOT NULL,
  heat         bigint NOT NULL,
  heat_cap     bigint,
  open_groups  integer NOT NULL,
  cause        text NOT NULL,                 -- the event type
  event_id     uuid NOT NULL,
  PRIMARY KEY (namespace, seq),
  CONSTRAINT rm_heat_points_event UNIQUE (namespace, event_id)
);
CREATE INDEX rm_heat_points_by_day ON rm_heat_points (namespace, trading_day, seq);

-- ---------------------------------------------------------------------------------------------
-- Projection 'signals': signals with their rank and attribution.

CREATE TABLE rm_signals (
  namespace       text NOT NULL,
  signal_id       text NOT NULL,
  trading_day     date NOT NULL,
  strategy        text NOT NULL,
  instrument_key  text NOT NULL,
  side            text NOT NULL,
  entry           bigint NOT NULL,
  stop            bigint NOT NULL,
  targets         jsonb NOT NULL,
  legs            jsonb,
  features        jsonb NOT NULL,
  scores          jsonb NOT NULL,
  signal_at       timestamptz NOT NULL,
  config_hash     text,
  event_id        uuid NOT NULL,
  rank            integer,
  score           double precision,           -- a score in [0, 1], not money
  attribution     jsonb,
  considered      integer,
  ranked_at       timestamptz,
  rank_version    integer,                    -- version of the SignalsRanked applied (signals stream)
  PRIMARY KEY (namespace, signal_id)
);
CREATE INDEX rm_signals_by_day ON rm_signals (namespace, trading_day, signal_at DESC, signal_id DESC);

-- ---------------------------------------------------------------------------------------------
-- Projection 'decisions': one per plan, approved or blocked with every reason.

CREATE TABLE rm_decisions (
  namespace       text NOT NULL,
  plan_id         text NOT NULL,
  signal_id       text NOT NULL,
  trading_day     date NOT NULL,
  instrument_key  text NOT NULL,
  approved        boolean NOT NULL,
  quantity        integer NOT NULL,
  slices          jsonb NOT NULL,
  reasons         jsonb NOT NULL,             -- [{code, message}]
  risk            bigint NOT NULL,
  heat_before     bigint NOT NULL,
  heat_after      bigint NOT NULL,
  heat_cap        bigint NOT NULL,
  bound_by        text,
  decided_at      timestamptz NOT NULL,
  config_hash     text,
  event_id        uuid NOT NULL,
  PRIMARY KEY (namespace, plan_id)
);
CREATE INDEX rm_decisions_by_day ON rm_decisions (namespace, trading_day, decided_at DESC, plan_id DESC);
CREATE INDEX rm_decisions_by_signal ON rm_decisions (namespace, signal_id);

-- ---------------------------------------------------------------------------------------------
-- Projection 'risk_events': one row per risk-relevant event.

CREATE TABLE rm_risk_events (
  namespace        text NOT NULL,
  event_id         uuid NOT NULL,
  trading_day      date NOT NULL,
  kind             text NOT NULL,             -- OCO_RISK | ORDER_REJECTED | BREAKER_TRIPPED | KILL_SWITCH_ENGAGED | DECISION_BLOCKED
  code             text NOT NULL,
  message          text NOT NULL,
  detail           jsonb,
  group_id         text,
  client_order_id  text,
  plan_id          text,
  actor            text,
  at               timestamptz NOT NULL,
  config_hash      text,
  PRIMARY KEY (namespace, event_id)
);
CREATE INDEX rm_risk_events_by_day ON rm_risk_events (namespace, trading_day, at DESC, event_id DESC);

-- ---------------------------------------------------------------------------------------------
-- Projection 'control': the control state and the kill-switch history.

CREATE TABLE rm_control_state (
  namespace            text PRIMARY KEY,
  mode                 text NOT NULL,
  paused               jsonb,                 -- {cause, by, reason, at}
  kill_switch_engaged  boolean NOT NULL,
  kill_switch_count    integer NOT NULL,
  last_kill_switch     jsonb,                 -- the last engagement as the session state holds it
  breaker_tripped      boolean NOT NULL,
  breaker_trips        jsonb NOT NULL,        -- [{reason, detail, by, at}]
  last_flatten         jsonb,
  updated_at           timestamptz NOT NULL,
  version              integer NOT NULL
);

CREATE TABLE rm_kill_switch_history (
  namespace          text NOT NULL,
  seq                integer NOT NULL,        -- 1 = the first engagement
  trading_day        date NOT NULL,
  engaged_by         text NOT NULL,
  engaged_role       text NOT NULL,
  reason             text NOT NULL,
  engaged_at         timestamptz NOT NULL,
  engaged_event_id   uuid NOT NULL,
  released_by        text,
  released_role      text,
  notes              text,
  released_at        timestamptz,
  released_event_id  uuid,
  PRIMARY KEY (namespace, seq)
);
