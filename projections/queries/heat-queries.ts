import type { Paise } from '../../domain/money/paise';
import type { HeatPointRow, HeatRow } from '../read-models/oco-heat/heat-rows';
import { checkDay, type Db, iso, selectRows, Where } from './db';
import { keysetPage, type Page, type PageRequest } from './page';

export interface HeatView {
  readonly namespace: string;
  /** Open risk of every open group (paise). */
  readonly heat: Paise;
  /** From the last decision; null before any. */
  readonly heatCap: Paise | null;
  /** cap - heat; null without a cap. */
  readonly headroom: Paise | null;
  readonly overCap: boolean;
  readonly openGroups: number;
  readonly updatedAt: string;
}

export interface HeatPointView {
  readonly seq: number;
  readonly tradingDay: string;
  readonly at: string;
  readonly heat: Paise;
  readonly heatCap: Paise | null;
  readonly openGroups: number;
  /** The event type that recorded the point. */
  readonly cause: string;
}

function heatView(r: HeatRow): HeatView {
  return {
    namespace: r.namespace,
    heat: r.heat,
    heatCap: r.heat_cap,
    headroom: r.heat_cap === null ? null : r.heat_cap - r.heat,
    overCap: r.heat_cap !== null && r.heat > r.heat_cap,
    openGroups: r.open_groups,
    updatedAt: iso(r.updated_at),
  };
}

function heatPointView(r: HeatPointRow): HeatPointView {
  return {
    seq: r.seq,
    tradingDay: r.trading_day,
    at: iso(r.at),
    heat: r.heat,
    heatCap: r.heat_cap,
    openGroups: r.open_groups,
    cause: r.cause,
  };
}

/** The namespace's portfolio heat now; null before its first group, decision or marks. */
export async function heatNow(db: Db, namespace: string): Promise<HeatView | null> {
  const [row] = await selectRows<HeatRow>(db, 'SELECT to_jsonb(t) AS row FROM rm_heat AS t WHERE t.namespace = $1', [
    namespace,
  ]);
  return row ? heatView(row) : null;
}

/** The heat timeline of a day, oldest first. */
export async function heatTimeline(
  db: Db,
  filter: { readonly namespace: string; readonly tradingDay: string },
  page: PageRequest = {},
): Promise<Page<HeatPointView>> {
  const where = new Where()
    .add('t.namespace = $', filter.namespace)
    .add('t.trading_day = $::date', checkDay(filter.tradingDay));
  return keysetPage<HeatPointRow, HeatPointView>(
    db,
    {
      from: 'FROM rm_heat_points AS t',
      where,
      direction: 'ASC',
      order: [{ sql: 't.seq', type: 'integer', of: (r) => r.seq }],
    },
    page,
    heatPointView,
  );
}

export interface HeatExtremes {
  /** The highest heat of the day (0 when nothing was open). */
  readonly maxHeat: Paise;
  /** The lowest cap in force that day; null when no decision set one. */
  readonly heatCap: Paise | null;
  /** No point of the day had its heat above the cap in force. */
  readonly neverOverCap: boolean;
}

export async function heatExtremes(db: Db, namespace: string, tradingDay: string): Promise<HeatExtremes> {
  const { rows } = await db.query<{ max_heat: string | null; cap: string | null; over: number }>(
    `SELECT max(heat)::text AS max_heat, min(heat_cap)::text AS cap,
            count(*) FILTER (WHERE heat_cap IS NOT NULL AND heat > heat_cap)::int AS over
       FROM rm_heat_points WHERE namespace = $1 AND trading_day = $2::date`,
    [namespace, checkDay(tradingDay)],
  );
  const r = rows[0]!;
  return {
    maxHeat: r.max_heat === null ? 0 : Number(r.max_heat),
    heatCap: r.cap === null ? null : Number(r.cap),
    neverOverCap: r.over === 0,
  };
}
