import type { RecordedEvent } from '../../../commands/ports/event-store';
import type { Paise } from '../../../domain/money/paise';
import type { PipelineEvent, RecordedReason } from '../../../domain/signals/pipeline-events';
import { defineProjection } from '../../engine/projection';
import { defineTable, firstOfEachKey, writeRows } from '../shared/table-rows';
import { eventDay, tradingStreamOf } from '../shared/trading-stream';

type Decision = Extract<PipelineEvent, { type: 'DecisionMade' }>['data'];

/** A row of `rm_decisions`: one per plan, approved with a quantity or blocked with every reason. */
export interface DecisionRow {
  readonly namespace: string;
  readonly plan_id: string;
  readonly signal_id: string;
  readonly trading_day: string;
  readonly instrument_key: string;
  readonly approved: boolean;
  readonly quantity: number;
  readonly slices: readonly number[];
  readonly reasons: readonly RecordedReason[];
  readonly risk: Paise;
  readonly heat_before: Paise;
  readonly heat_after: Paise;
  readonly heat_cap: Paise;
  readonly bound_by: string | null;
  readonly decided_at: string;
  readonly config_hash: string | null;
  readonly event_id: string;
}

export const decisionsTable = defineTable<DecisionRow>({
  name: 'rm_decisions',
  key: ['namespace', 'plan_id'],
  columns: {
    namespace: 'text',
    plan_id: 'text',
    signal_id: 'text',
    trading_day: 'date',
    instrument_key: 'text',
    approved: 'boolean',
    quantity: 'integer',
    slices: 'jsonb',
    reasons: 'jsonb',
    risk: 'bigint',
    heat_before: 'bigint',
    heat_after: 'bigint',
    heat_cap: 'bigint',
    bound_by: 'text',
    decided_at: 'timestamptz',
    config_hash: 'text',
    event_id: 'uuid',
  },
});

function decisionRowOf(namespace: string, event: RecordedEvent): DecisionRow {
  const d = event.data as Decision;
  return {
    namespace,
    plan_id: d.planId,
    signal_id: d.signalId,
    trading_day: eventDay(event),
    instrument_key: d.instrumentKey,
    approved: d.approved,
    quantity: d.quantity,
    slices: d.slices,
    reasons: d.reasons,
    risk: d.risk,
    heat_before: d.heatBefore,
    heat_after: d.heatAfter,
    heat_cap: d.heatCap,
    bound_by: d.boundBy,
    decided_at: d.at,
    config_hash: event.metadata.configHash,
    event_id: event.metadata.eventId,
  };
}

/** `decisions`: one row per plan (DecisionMade is recorded once per plan), inserted once. */
export const decisionsProjection = defineProjection({
  name: 'decisions',
  eventTypes: ['DecisionMade'],
  tables: ['rm_decisions'],
  async apply(events, ctx) {
    const rows: DecisionRow[] = [];
    for (const e of events) {
      const stream = tradingStreamOf(e, 'decision');
      if (stream && e.type === 'DecisionMade') rows.push(decisionRowOf(stream.namespace, e));
    }
    await writeRows(ctx, decisionsTable, firstOfEachKey(decisionsTable, rows), 'keep');
  },
});
