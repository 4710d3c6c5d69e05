import type { RecordedEvent } from '../../../commands/ports/event-store';
import type { SessionEvent } from '../../../domain/session/session-events';
import { evolve } from '../../../domain/session/session-evolve';
import { initialState } from '../../../domain/session/session-state';
import { defineProjection, type ProjectionContext } from '../../engine/projection';
import { keyOf, rowsByKey, writeRows } from '../shared/table-rows';
import { eventDay, foldError, tradingStreamOf } from '../shared/trading-stream';
import {
  type ControlStateRow,
  controlRowOf,
  controlStateTable,
  type KillSwitchRow,
  killSwitchTable,
  sessionStateOf,
} from './control-rows';

const SESSION_EVENT_TYPES: readonly SessionEvent['type'][] = [
  'ModeChanged',
  'TradingPaused',
  'TradingResumed',
  'KillSwitchEngaged',
  'KillSwitchReleased',
  'CircuitBreakerTripped',
  'CircuitBreakerReset',
  'FlattenRequested',
];

/** One batch: folds each namespace's control stream from its row, with the session's own evolve. */
class ControlBatch {
  private readonly states = new Map<string, ControlStateRow>();
  private readonly history = new Map<string, KillSwitchRow>();
  private readonly dirtyStates = new Set<string>();
  private readonly dirtyHistory = new Set<string>();

  constructor(private readonly ctx: ProjectionContext) {}

  async load(namespaces: readonly string[]): Promise<void> {
    for (const row of await rowsByKey(
      this.ctx,
      controlStateTable,
      namespaces.map((namespace) => ({ namespace })),
    ))
      this.states.set(row.namespace, row);
    const last = [...this.states.values()]
      .filter((s) => s.kill_switch_count > 0)
      .map((s) => ({ namespace: s.namespace, seq: s.kill_switch_count }));
    for (const row of await rowsByKey(this.ctx, killSwitchTable, last))
      this.history.set(keyOf(row.namespace, row.seq), row);
  }

  apply(namespace: string, event: RecordedEvent): void {
    const prev = this.states.get(namespace);
    if (prev && event.streamVersion <= prev.version) return; // applied already
    const e = { type: event.type, data: event.data } as SessionEvent;
    const state = evolve(prev ? sessionStateOf(prev) : initialState(), e);
    let count = prev?.kill_switch_count ?? 0;
    const actor = e.data.actor;
    if (e.type === 'KillSwitchEngaged') {
      count += 1;
      this.setHistory({
        namespace,
        seq: count,
        trading_day: eventDay(event),
        engaged_by: actor.id,
        engaged_role: actor.role,
        reason: e.data.reason,
        engaged_at: e.data.at,
        engaged_event_id: event.metadata.eventId,
        released_by: null,
        released_role: null,
        notes: null,
        released_at: null,
        released_event_id: null,
      });
    } else if (e.type === 'KillSwitchReleased' && prev?.kill_switch_engaged) {
      const engaged = this.history.get(keyOf(namespace, count));
      if (!engaged) throw new Error(`kill-switch engagement ${count} of ${namespace} is missing`);
      this.setHistory({
        ...engaged,
        released_by: actor.id,
        released_role: actor.role,
        notes: e.data.notes,
        released_at: e.data.at,
        released_event_id: event.metadata.eventId,
      });
    }
    this.states.set(namespace, controlRowOf(namespace, state, count, e.data.at, event.streamVersion));
    this.dirtyStates.add(namespace);
  }

  async write(): Promise<void> {
    await writeRows(
      this.ctx,
      controlStateTable,
      [...this.dirtyStates].map((k) => this.states.get(k)!),
      'replace',
    );
    await writeRows(
      this.ctx,
      killSwitchTable,
      [...this.dirtyHistory].map((k) => this.history.get(k)!),
      'replace',
    );
  }

  private setHistory(row: KillSwitchRow): void {
    const k = keyOf(row.namespace, row.seq);
    this.history.set(k, row);
    this.dirtyHistory.add(k);
  }
}

/**
 * `control`: each namespace's control state (mode, pause, kill switch, circuit breaker, last
 * flatten), folded with the session's evolve, and the kill-switch history: one row per engagement
 * (operator, reason, time) completed by its release (operator, notes, time). Idempotent by the
 * control stream's version.
 */
export const controlProjection = defineProjection({
  name: 'control',
  eventTypes: SESSION_EVENT_TYPES,
  tables: ['rm_control_state', 'rm_kill_switch_history'],
  async apply(events, ctx) {
    const inputs = events.flatMap((e) => {
      const stream = tradingStreamOf(e, 'control');
      return stream ? [{ namespace: stream.namespace, event: e }] : [];
    });
    if (inputs.length === 0) return;
    const batch = new ControlBatch(ctx);
    await batch.load([...new Set(inputs.map((i) => i.namespace))]);
    for (const { namespace, event } of inputs) {
      try {
        batch.apply(namespace, event);
      } catch (err) {
        throw foldError('control', event, err);
      }
    }
    await batch.write();
  },
});
