import type { Paise } from '../../domain/money/paise';
import type { Side } from '../../domain/orders/order-terms';
import type { ScoreAttribution, SignalLeg, StrategyName } from '../../domain/signals/signal';
import type { SignalRow } from '../read-models/pipeline/signal-rows';
import { checkDay, type Db, iso, isoOrNull, selectRows, Where } from './db';
import { keysetPage, type Page, type PageRequest, type SortKey } from './page';

export interface SignalView {
  readonly namespace: string;
  readonly signalId: string;
  readonly tradingDay: string;
  readonly strategy: StrategyName;
  readonly instrumentKey: string;
  readonly side: Side;
  readonly entry: Paise;
  readonly stop: Paise;
  readonly targets: readonly Paise[];
  readonly legs: readonly SignalLeg[] | null;
  readonly features: Readonly<Record<string, number>>;
  readonly scores: Readonly<Record<string, number>>;
  readonly at: string;
  readonly configHash: string | null;
  /** 1 = best in its ranking; null when not ranked (outside the top N). */
  readonly rank: number | null;
  readonly score: number | null;
  readonly attribution: ScoreAttribution | null;
  /** How many signals that ranking considered. */
  readonly considered: number | null;
  readonly rankedAt: string | null;
}

export function signalView(r: SignalRow): SignalView {
  return {
    namespace: r.namespace,
    signalId: r.signal_id,
    tradingDay: r.trading_day,
    strategy: r.strategy,
    instrumentKey: r.instrument_key,
    side: r.side,
    entry: r.entry,
    stop: r.stop,
    targets: r.targets,
    legs: r.legs,
    features: r.features,
    scores: r.scores,
    at: iso(r.signal_at),
    configHash: r.config_hash,
    rank: r.rank,
    score: r.score,
    attribution: r.attribution,
    considered: r.considered,
    rankedAt: isoOrNull(r.ranked_at),
  };
}

export interface SignalFilter {
  readonly namespace: string;
  readonly tradingDay?: string;
  readonly strategy?: StrategyName;
  readonly instrumentKey?: string;
  readonly rankedOnly?: boolean;
  /** RECENT (default): newest first; RANK: best rank first (unranked last). */
  readonly orderBy?: 'RECENT' | 'RANK';
}

const UNRANKED = 2_147_483_647;

export async function listSignals(db: Db, filter: SignalFilter, page: PageRequest = {}): Promise<Page<SignalView>> {
  const where = new Where()
    .add('t.namespace = $', filter.namespace)
    .maybe('t.trading_day = $::date', filter.tradingDay === undefined ? undefined : checkDay(filter.tradingDay))
    .maybe('t.strategy = $', filter.strategy)
    .maybe('t.instrument_key = $', filter.instrumentKey);
  if (filter.rankedOnly) where.raw('t.rank IS NOT NULL');
  const byRank = filter.orderBy === 'RANK';
  const id: SortKey<SignalRow> = { sql: 't.signal_id', type: 'text', of: (r) => r.signal_id };
  return keysetPage<SignalRow, SignalView>(
    db,
    {
      from: 'FROM rm_signals AS t',
      where,
      direction: byRank ? 'ASC' : 'DESC',
      order: byRank
        ? [{ sql: `COALESCE(t.rank, ${UNRANKED})`, type: 'integer', of: (r) => r.rank ?? UNRANKED }, id]
        : [{ sql: 't.signal_at', type: 'timestamptz', of: (r) => r.signal_at }, id],
    },
    page,
    signalView,
  );
}

/** The signals of the latest ranking of a day (the top N with their attribution), best first. */
export async function topRanked(
  db: Db,
  filter: { readonly namespace: string; readonly tradingDay: string },
): Promise<SignalView[]> {
  const rows = await selectRows<SignalRow>(
    db,
    `SELECT to_jsonb(t) AS row FROM rm_signals AS t
      WHERE t.namespace = $1 AND t.trading_day = $2::date
        AND t.rank_version = (SELECT max(s.rank_version) FROM rm_signals AS s WHERE s.namespace = $1 AND s.trading_day = $2::date)
      ORDER BY t.rank, t.signal_id`,
    [filter.namespace, checkDay(filter.tradingDay)],
  );
  return rows.map(signalView);
}

/** Batch load (DataLoader): signals by ID; null where there is none. */
export async function signalsByIds(
  db: Db,
  namespace: string,
  signalIds: readonly string[],
): Promise<(SignalView | null)[]> {
  const rows = await selectRows<SignalRow>(
    db,
    'SELECT to_jsonb(t) AS row FROM rm_signals AS t WHERE t.namespace = $1 AND t.signal_id = ANY($2::text[])',
    [namespace, signalIds],
  );
  const byId = new Map(rows.map((r) => [r.signal_id, signalView(r)]));
  return signalIds.map((id) => byId.get(id) ?? null);
}
