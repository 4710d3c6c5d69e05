import type { RecordedEvent } from '../../../commands/ports/event-store';
import type { Paise } from '../../../domain/money/paise';
import type { Side } from '../../../domain/orders/order-terms';
import type { PipelineEvent } from '../../../domain/signals/pipeline-events';
import type { ScoreAttribution, SignalLeg, StrategyName } from '../../../domain/signals/signal';
import { defineTable } from '../shared/table-rows';
import { eventDay } from '../shared/trading-stream';

type Generated = Extract<PipelineEvent, { type: 'SignalGenerated' }>['data'];
type Ranked = Extract<PipelineEvent, { type: 'SignalsRanked' }>['data'];

/** A row of `rm_signals`: a signal as generated, with its rank and attribution once ranked. */
export interface SignalRow {
  readonly namespace: string;
  readonly signal_id: string;
  readonly trading_day: string;
  readonly strategy: StrategyName;
  readonly instrument_key: string;
  readonly side: Side;
  readonly entry: Paise;
  readonly stop: Paise;
  readonly targets: readonly Paise[];
  readonly legs: readonly SignalLeg[] | null;
  readonly features: Readonly<Record<string, number>>;
  readonly scores: Readonly<Record<string, number>>;
  readonly signal_at: string;
  readonly config_hash: string | null;
  readonly event_id: string;
  readonly rank: number | null;
  readonly score: number | null;
  readonly attribution: ScoreAttribution | null;
  readonly considered: number | null;
  readonly ranked_at: string | null;
  readonly rank_version: number | null;
}

export const signalsTable = defineTable<SignalRow>({
  name: 'rm_signals',
  key: ['namespace', 'signal_id'],
  columns: {
    namespace: 'text',
    signal_id: 'text',
    trading_day: 'date',
    strategy: 'text',
    instrument_key: 'text',
    side: 'text',
    entry: 'bigint',
    stop: 'bigint',
    targets: 'jsonb',
    legs: 'jsonb',
    features: 'jsonb',
    scores: 'jsonb',
    signal_at: 'timestamptz',
    config_hash: 'text',
    event_id: 'uuid',
    rank: 'integer',
    score: 'double precision',
    attribution: 'jsonb',
    considered: 'integer',
    ranked_at: 'timestamptz',
    rank_version: 'integer',
  },
});

export function signalRowOf(namespace: string, event: RecordedEvent): SignalRow {
  const { signal } = event.data as Generated;
  return {
    namespace,
    signal_id: signal.signalId,
    trading_day: eventDay(event),
    strategy: signal.strategy,
    instrument_key: signal.instrumentKey,
    side: signal.side,
    entry: signal.entry,
    stop: signal.stop,
    targets: signal.targets,
    legs: signal.legs ?? null,
    features: signal.features,
    scores: signal.scores,
    signal_at: signal.at,
    // The signal carries the hash it was computed under; the envelope's is the same config.
    config_hash: signal.configHash ?? event.metadata.configHash,
    event_id: event.metadata.eventId,
    rank: null,
    score: null,
    attribution: null,
    considered: null,
    ranked_at: null,
    rank_version: null,
  };
}

/** The rank columns one SignalsRanked event gives each signal it ranks. */
export type RankUpdate = Pick<
  SignalRow,
  'namespace' | 'signal_id' | 'rank' | 'score' | 'attribution' | 'considered' | 'ranked_at' | 'rank_version'
>;

export function rankUpdatesOf(namespace: string, event: RecordedEvent): RankUpdate[] {
  const { at, ranked, considered } = event.data as Ranked;
  return ranked.map((r) => ({
    namespace,
    signal_id: r.signalId,
    rank: r.rank,
    score: r.score,
    attribution: r.attribution,
    considered,
    ranked_at: at,
    rank_version: event.streamVersion,
  }));
}
