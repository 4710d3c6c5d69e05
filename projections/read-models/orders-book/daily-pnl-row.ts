import type { Paise } from '../../../domain/money/paise';
import { defineTable } from '../shared/table-rows';
import type { PositionRow } from './position-row';

/** A row of `rm_daily_pnl`: one namespace's P&L of one trading day, now. */
export interface DailyPnlRow {
  readonly namespace: string;
  readonly trading_day: string;
  readonly realised: Paise;
  /** Null while an open position has no mark (no made-up prices). */
  readonly unrealised: Paise | null;
  readonly total: Paise | null;
  readonly open_positions: number;
  readonly unmarked_positions: number;
  readonly fills: number;
  /** The latest mark of every instrument marked that day. */
  readonly last_marks: Readonly<Record<string, Paise>>;
  readonly marked_at: string | null;
  readonly point_seq: number;
  readonly updated_at: string;
}

export const dailyPnlTable = defineTable<DailyPnlRow>({
  name: 'rm_daily_pnl',
  key: ['namespace', 'trading_day'],
  columns: {
    namespace: 'text',
    trading_day: 'date',
    realised: 'bigint',
    unrealised: 'bigint',
    total: 'bigint',
    open_positions: 'integer',
    unmarked_positions: 'integer',
    fills: 'integer',
    last_marks: 'jsonb',
    marked_at: 'timestamptz',
    point_seq: 'integer',
    updated_at: 'timestamptz',
  },
});

export type PnlCause = 'FILL' | 'MARKS';

/** A row of `rm_pnl_points`: the day's P&L after one fill or one MarksRecorded. */
export interface PnlPointRow {
  readonly namespace: string;
  readonly trading_day: string;
  readonly seq: number;
  readonly at: string;
  readonly cause: PnlCause;
  readonly event_id: string;
  readonly realised: Paise;
  readonly unrealised: Paise | null;
  readonly total: Paise | null;
}

export const pnlPointsTable = defineTable<PnlPointRow>({
  name: 'rm_pnl_points',
  key: ['namespace', 'trading_day', 'seq'],
  columns: {
    namespace: 'text',
    trading_day: 'date',
    seq: 'integer',
    at: 'timestamptz',
    cause: 'text',
    event_id: 'uuid',
    realised: 'bigint',
    unrealised: 'bigint',
    total: 'bigint',
  },
});

export function newDailyPnlRow(namespace: string, tradingDay: string, at: string): DailyPnlRow {
  return {
    namespace,
    trading_day: tradingDay,
    realised: 0,
    unrealised: 0,
    total: 0,
    open_positions: 0,
    unmarked_positions: 0,
    fills: 0,
    last_marks: {},
    marked_at: null,
    point_seq: 0,
    updated_at: at,
  };
}

export type DayTotals = Pick<
  DailyPnlRow,
  'realised' | 'unrealised' | 'total' | 'open_positions' | 'unmarked_positions'
>;

/** The day's P&L from all its positions: unrealised (and total) unknown while an open position is unmarked. */
export function dayTotals(positions: Iterable<PositionRow>): DayTotals {
  let realised = 0;
  let unrealised = 0;
  let open = 0;
  let unmarked = 0;
  for (const p of positions) {
    realised += p.realised;
    if (p.net_qty !== 0) open += 1;
    if (p.unrealised === null) unmarked += 1;
    else unrealised += p.unrealised;
  }
  const known = unmarked === 0;
  return {
    realised,
    unrealised: known ? unrealised : null,
    total: known ? realised + unrealised : null,
    open_positions: open,
    unmarked_positions: unmarked,
  };
}
