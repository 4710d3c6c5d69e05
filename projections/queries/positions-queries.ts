import type { Paise } from '../../domain/money/paise';
import type { PositionRow } from '../read-models/orders-book/position-row';
import { checkDay, type Db, iso, isoOrNull, selectRows, Where } from './db';

export interface PositionView {
  readonly namespace: string;
  readonly tradingDay: string;
  readonly instrumentKey: string;
  /** + long, - short, 0 flat. */
  readonly netQty: number;
  readonly direction: 'LONG' | 'SHORT' | 'FLAT';
  /** Of the open units, to the paisa; null when flat. */
  readonly avgPrice: Paise | null;
  /** Trigger prices of the working STOP orders protecting it (usually one). */
  readonly stopPrices: readonly Paise[];
  /** Limit prices of its working TARGET orders. */
  readonly targetPrices: readonly Paise[];
  readonly realised: Paise;
  /** At the latest mark; null while open and never marked. */
  readonly unrealised: Paise | null;
  readonly total: Paise | null;
  readonly lastMark: Paise | null;
  readonly markedAt: string | null;
  readonly mfe: Paise | null;
  readonly mae: Paise | null;
  readonly boughtQty: number;
  readonly soldQty: number;
  readonly boughtValue: Paise;
  readonly soldValue: Paise;
  readonly fills: number;
  readonly openedAt: string | null;
  readonly updatedAt: string;
}

export function positionView(r: PositionRow): PositionView {
  return {
    namespace: r.namespace,
    tradingDay: r.trading_day,
    instrumentKey: r.instrument_key,
    netQty: r.net_qty,
    direction: r.net_qty > 0 ? 'LONG' : r.net_qty < 0 ? 'SHORT' : 'FLAT',
    avgPrice: r.avg_price,
    stopPrices: r.stop_prices,
    targetPrices: r.target_prices,
    realised: r.realised,
    unrealised: r.unrealised,
    total: r.unrealised === null ? null : r.realised + r.unrealised,
    lastMark: r.last_mark,
    markedAt: isoOrNull(r.marked_at),
    mfe: r.mfe,
    mae: r.mae,
    boughtQty: r.bought_qty,
    soldQty: r.sold_qty,
    boughtValue: r.bought_value,
    soldValue: r.sold_value,
    fills: r.fills,
    openedAt: isoOrNull(r.opened_at),
    updatedAt: iso(r.updated_at),
  };
}

export interface PositionFilter {
  readonly namespace: string;
  /** Default: the namespace's latest trading day with a position. */
  readonly tradingDay?: string;
  readonly instrumentKey?: string;
  readonly openOnly?: boolean;
}

/** The positions of one trading day (a day holds one row per instrument traded: no paging needed), by instrument. */
export async function listPositions(db: Db, filter: PositionFilter): Promise<PositionView[]> {
  const where = new Where().add('t.namespace = $', filter.namespace);
  if (filter.tradingDay !== undefined) where.add('t.trading_day = $::date', checkDay(filter.tradingDay));
  else
    where.raw(
      `t.trading_day = (SELECT max(p.trading_day) FROM rm_positions AS p WHERE p.namespace = ${where.next(filter.namespace)})`,
    );
  where.maybe('t.instrument_key = $', filter.instrumentKey);
  if (filter.openOnly) where.raw('t.net_qty <> 0');
  const rows = await selectRows<PositionRow>(
    db,
    `SELECT to_jsonb(t) AS row FROM rm_positions AS t WHERE ${where.sql} ORDER BY t.instrument_key`,
    where.params,
  );
  return rows.map(positionView);
}
