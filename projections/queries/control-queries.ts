import type { BreakerTrip, FlattenRequest, Mode, PauseState } from '../../domain/session/session-state';
import type { ControlStateRow, KillSwitchRow } from '../read-models/control/control-rows';
import { type Db, iso, isoOrNull, selectRows, Where } from './db';
import { keysetPage, type Page, type PageRequest } from './page';

export interface ControlStateView {
  readonly namespace: string;
  readonly mode: Mode;
  readonly paused: PauseState | null;
  readonly killSwitchEngaged: boolean;
  readonly breakerTripped: boolean;
  readonly breakerTrips: readonly BreakerTrip[];
  readonly lastFlatten: FlattenRequest | null;
  readonly updatedAt: string;
}

export interface KillSwitchView {
  readonly seq: number;
  readonly tradingDay: string;
  readonly engagedBy: string;
  readonly engagedRole: string;
  readonly reason: string;
  readonly engagedAt: string;
  readonly releasedBy: string | null;
  readonly releasedRole: string | null;
  readonly notes: string | null;
  readonly releasedAt: string | null;
  /** Still engaged. */
  readonly active: boolean;
}

/** The namespace's control state as recorded; null when nothing was ever recorded (PAPER, nothing engaged). */
export async function controlState(db: Db, namespace: string): Promise<ControlStateView | null> {
  const [r] = await selectRows<ControlStateRow>(
    db,
    'SELECT to_jsonb(t) AS row FROM rm_control_state AS t WHERE t.namespace = $1',
    [namespace],
  );
  if (!r) return null;
  return {
    namespace: r.namespace,
    mode: r.mode,
    paused: r.paused,
    killSwitchEngaged: r.kill_switch_engaged,
    breakerTripped: r.breaker_tripped,
    breakerTrips: r.breaker_trips,
    lastFlatten: r.last_flatten,
    updatedAt: iso(r.updated_at),
  };
}

/** Every kill-switch engagement with its release, newest first. */
export async function killSwitchHistory(
  db: Db,
  filter: { readonly namespace: string },
  page: PageRequest = {},
): Promise<Page<KillSwitchView>> {
  return keysetPage<KillSwitchRow, KillSwitchView>(
    db,
    {
      from: 'FROM rm_kill_switch_history AS t',
      where: new Where().add('t.namespace = $', filter.namespace),
      direction: 'DESC',
      order: [{ sql: 't.seq', type: 'integer', of: (r) => r.seq }],
    },
    page,
    (r) => ({
      seq: r.seq,
      tradingDay: r.trading_day,
      engagedBy: r.engaged_by,
      engagedRole: r.engaged_role,
      reason: r.reason,
      engagedAt: iso(r.engaged_at),
      releasedBy: r.released_by,
      releasedRole: r.released_role,
      notes: r.notes,
      releasedAt: isoOrNull(r.released_at),
      active: r.released_at === null,
    }),
  );
}

/** How many times the kill switch was engaged, per reason (the trader_kill_switch_total metric). */
export async function killSwitchCounts(
  db: Db,
  namespace: string,
): Promise<{ readonly reason: string; readonly count: number }[]> {
  const { rows } = await db.query<{ reason: string; n: string }>(
    'SELECT reason, count(*) AS n FROM rm_kill_switch_history WHERE namespace = $1 GROUP BY reason ORDER BY reason',
    [namespace],
  );
  return rows.map((r) => ({ reason: r.reason, count: Number(r.n) }));
}
