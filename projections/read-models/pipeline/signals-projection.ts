import { defineProjection } from '../../engine/projection';
import { firstOfEachKey, keyOf, writeRows } from '../shared/table-rows';
import { tradingStreamOf } from '../shared/trading-stream';
import { type RankUpdate, rankUpdatesOf, type SignalRow, signalRowOf, signalsTable } from './signal-rows';

type SignalEventType = 'SignalGenerated' | 'SignalsRanked';

/**
 * `signals`: every signal (one row per signal ID, inserted once) with its rank, score and score
 * attribution from the SignalsRanked that ranked it (the latest by the signals stream's version:
 * re-applying an older ranking changes nothing).
 */
export const signalsProjection = defineProjection({
  name: 'signals',
  eventTypes: ['SignalGenerated', 'SignalsRanked'] satisfies SignalEventType[],
  tables: ['rm_signals'],
  async apply(events, ctx) {
    const generated: SignalRow[] = [];
    const ranks = new Map<string, RankUpdate>();
    for (const e of events) {
      const stream = tradingStreamOf(e, 'signals');
      if (!stream) continue;
      const type = e.type as SignalEventType;
      switch (type) {
        case 'SignalGenerated':
          generated.push(signalRowOf(stream.namespace, e));
          break;
        case 'SignalsRanked':
          for (const u of rankUpdatesOf(stream.namespace, e)) ranks.set(keyOf(u.namespace, u.signal_id), u);
          break;
        default: {
          const never: never = type;
          throw new Error(`signals: unexpected event ${never as string}`);
        }
      }
    }
    await writeRows(ctx, signalsTable, firstOfEachKey(signalsTable, generated), 'keep');
    if (ranks.size === 0) return;
    await ctx.client.query(
      `UPDATE ${ctx.table('rm_signals')} AS t SET
         rank = r.rank, score = r.score, attribution = r.attribution, considered = r.considered,
         ranked_at = r.ranked_at, rank_version = r.rank_version
        FROM jsonb_to_recordset($1::jsonb) AS r(namespace text, signal_id text, rank integer, score double precision,
             attribution jsonb, considered integer, ranked_at timestamptz, rank_version integer)
       WHERE t.namespace = r.namespace AND t.signal_id = r.signal_id
         AND (t.rank_version IS NULL OR t.rank_version < r.rank_version)`,
      [JSON.stringify([...ranks.values()])],
    );
  },
});
