import type { Paise } from '../../../domain/money/paise';
import {
  averagePrice,
  emptyPosition,
  type OpenLot,
  openCost,
  type Position,
  unrealisedAt,
} from '../../../domain/pnl/position';
import { defineTable } from '../shared/table-rows';

/** A row of `rm_positions`: the position of one instrument on one trading day, from its fills (domain/pnl). */
export interface PositionRow {
  readonly namespace: string;
  readonly trading_day: string;
  readonly instrument_key: string;
  readonly net_qty: number;
  readonly avg_price: Paise | null;
  readonly open_cost: Paise;
  readonly open_lots: readonly OpenLot[];
  readonly realised: Paise;
  readonly unrealised: Paise | null;
  readonly last_mark: Paise | null;
  readonly marked_at: string | null;
  readonly mfe: Paise | null;
  readonly mae: Paise | null;
  readonly bought_qty: number;
  readonly sold_qty: number;
  readonly bought_value: Paise;
  readonly sold_value: Paise;
  readonly cash_flow: Paise;
  readonly fills: number;
  readonly trade_ids: readonly string[];
  /** Kept from the row: set from the working protective orders once the batch's orders are written. */
  readonly stop_prices: readonly Paise[];
  readonly target_prices: readonly Paise[];
  readonly opened_at: string | null;
  readonly updated_at: string;
}

export const positionsTable = defineTable<PositionRow>({
  name: 'rm_positions',
  key: ['namespace', 'trading_day', 'instrument_key'],
  columns: {
    namespace: 'text',
    trading_day: 'date',
    instrument_key: 'text',
    net_qty: 'integer',
    avg_price: 'bigint',
    open_cost: 'bigint',
    open_lots: 'jsonb',
    realised: 'bigint',
    unrealised: 'bigint',
    last_mark: 'bigint',
    marked_at: 'timestamptz',
    mfe: 'bigint',
    mae: 'bigint',
    bought_qty: 'integer',
    sold_qty: 'integer',
    bought_value: 'bigint',
    sold_value: 'bigint',
    cash_flow: 'bigint',
    fills: 'integer',
    trade_ids: 'jsonb',
    stop_prices: 'jsonb',
    target_prices: 'jsonb',
    opened_at: 'timestamptz',
    updated_at: 'timestamptz',
  },
});

/** The domain position a row holds (gross: charges are not modelled in the read model). */
export function positionOf(row: PositionRow): Position {
  return {
    ...emptyPosition(),
    netQty: row.net_qty,
    openLots: row.open_lots,
    realised: row.realised,
    cashFlow: row.cash_flow,
    boughtQty: row.bought_qty,
    soldQty: row.sold_qty,
    boughtValue: row.bought_value,
    soldValue: row.sold_value,
    tradeIds: new Set(row.trade_ids),
    excursion: row.mfe === null || row.mae === null ? null : { mfe: row.mfe, mae: row.mae },
    lastMark: row.last_mark,
  };
}

/** A flat position row, before its first fill; it starts from the latest mark of its instrument, if any. */
export function newPositionRow(
  key: Pick<PositionRow, 'namespace' | 'trading_day' | 'instrument_key'>,
  lastMark: Paise | null,
  markedAt: string | null,
  at: string,
): PositionRow {
  return {
    ...positionRowOf(emptyPosition(), {
      ...key,
      fills: 0,
      stop_prices: [],
      target_prices: [],
      opened_at: null,
      marked_at: null,
      updated_at: at,
    }),
    last_mark: lastMark,
    marked_at: lastMark === null ? null : markedAt,
  };
}

type Carried = Pick<
  PositionRow,
  | 'namespace'
  | 'trading_day'
  | 'instrument_key'
  | 'fills'
  | 'stop_prices'
  | 'target_prices'
  | 'opened_at'
  | 'marked_at'
  | 'updated_at'
>;

/** The row of a domain position; `carried` holds what the position itself does not know. */
export function positionRowOf(p: Position, carried: Carried): PositionRow {
  return {
    ...carried,
    net_qty: p.netQty,
    avg_price: averagePrice(p),
    open_cost: openCost(p),
    open_lots: p.openLots,
    realised: p.realised,
    unrealised: unrealisedAt(p, p.lastMark) ?? null,
    last_mark: p.lastMark,
    mfe: p.excursion?.mfe ?? null,
    mae: p.excursion?.mae ?? null,
    bought_qty: p.boughtQty,
    sold_qty: p.soldQty,
    bought_value: p.boughtValue,
    sold_value: p.soldValue,
    cash_flow: p.cashFlow,
    trade_ids: [...p.tradeIds],
  };
}
