import type { Paise } from '../../domain/money/paise';
import type { DailyPnlRow, PnlCause, PnlPointRow } from '../read-models/orders-book/daily-pnl-row';
import { checkDay, type Db, iso, isoOrNull, selectRows, Where } from './db';
import { keysetPage, type Page, type PageRequest } from './page';

export interface DailyPnlView {
  readonly namespace: string;
  readonly tradingDay: string;
  readonly realised: Paise;
  /** Null while an open position has no mark. */
  readonly unrealised: Paise | null;
  readonly total: Paise | null;
  readonly openPositions: number;
  readonly unmarkedPositions: number;
  readonly fills: number;
  readonly markedAt: string | null;
  readonly updatedAt: string;
}

export interface PnlPointView {
  readonly seq: number;
  readonly at: string;
  readonly cause: PnlCause;
  readonly realised: Paise;
  readonly unrealised: Paise | null;
  readonly total: Paise | null;
}

function dailyPnlView(r: DailyPnlRow): DailyPnlView {
  return {
    namespace: r.namespace,
    tradingDay: r.trading_day,
    realised: r.realised,
    unrealised: r.unrealised,
    total: r.total,
    openPositions: r.open_positions,
    unmarkedPositions: r.unmarked_positions,
    fills: r.fills,
    markedAt: isoOrNull(r.marked_at),
    updatedAt: iso(r.updated_at),
  };
}

/** A day's P&L now; null when nothing filled or was marked that day. */
export async function dailyPnl(db: Db, namespace: string, tradingDay: string): Promise<DailyPnlView | null> {
  const [row] = await selectRows<DailyPnlRow>(
    db,
    'SELECT to_jsonb(t) AS row FROM rm_daily_pnl AS t WHERE t.namespace = $1 AND t.trading_day = $2::date',
    [namespace, checkDay(tradingDay)],
  );
  return row ? dailyPnlView(row) : null;
}

/** The day's P&L curve (a point at every fill and every marks), oldest first. */
export async function pnlCurve(
  db: Db,
  filter: { readonly namespace: string; readonly tradingDay: string },
  page: PageRequest = {},
): Promise<Page<PnlPointView>> {
  const where = new Where()
    .add('t.namespace = $', filter.namespace)
    .add('t.trading_day = $::date', checkDay(filter.tradingDay));
  return keysetPage<PnlPointRow, PnlPointView>(
    db,
    {
      from: 'FROM rm_pnl_points AS t',
      where,
      direction: 'ASC',
      order: [{ sql: 't.seq', type: 'integer', of: (r) => r.seq }],
    },
    page,
    (r) => ({
      seq: r.seq,
      at: iso(r.at),
      cause: r.cause,
      realised: r.realised,
      unrealised: r.unrealised,
      total: r.total,
    }),
  );
}
