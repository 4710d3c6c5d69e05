import type { RecordedEvent } from '../../../commands/ports/event-store';
import { OCO_EVENT_TYPES } from '../../../domain/oco/oco-events';
import type { PipelineEvent } from '../../../domain/signals/pipeline-events';
import { defineProjection, type ProjectionContext } from '../../engine/projection';
import { keyOf, rowsByKey, rowsWhere, writeRows } from '../shared/table-rows';
import { eventDay, foldError, parseTradingStream } from '../shared/trading-stream';
import { groupUnrealised } from './group-risk';
import { type GroupRow, groupsTable, nextGroupRow } from './group-row';
import { type HeatPointRow, type HeatRow, heatPointsTable, heatTable, newHeatRow } from './heat-rows';
import { type TradeRow, tradeOf, tradesTable } from './trade-row';

type Marks = Extract<PipelineEvent, { type: 'MarksRecorded' }>['data'];
type Decision = Extract<PipelineEvent, { type: 'DecisionMade' }>['data'];

type Input =
  | { readonly kind: 'oco'; readonly event: RecordedEvent; readonly namespace: string; readonly groupId: string }
  | { readonly kind: 'marks' | 'decision'; readonly event: RecordedEvent; readonly namespace: string };

function inputOf(event: RecordedEvent): Input | null {
  const stream = parseTradingStream(event.streamId);
  if (!stream) return null;
  if (stream.kind === 'oco' && (OCO_EVENT_TYPES as readonly string[]).includes(event.type))
    return { kind: 'oco', event, namespace: stream.namespace, groupId: stream.key };
  if (stream.kind === 'marks' && event.type === 'MarksRecorded')
    return { kind: 'marks', event, namespace: stream.namespace };
  if (stream.kind === 'decision' && event.type === 'DecisionMade')
    return { kind: 'decision', event, namespace: stream.namespace };
  return null;
}

/** One batch: the groups it touches and every open group of its namespaces, folded in event order. */
class OcoHeatBatch {
  private readonly groups = new Map<string, GroupRow>();
  private readonly dirtyGroups = new Set<string>();
  private readonly trades: TradeRow[] = [];
  private readonly heat = new Map<string, HeatRow>();
  private readonly dirtyHeat = new Set<string>();
  private readonly points: HeatPointRow[] = [];
  private recorded = new Set<string>();

  constructor(private readonly ctx: ProjectionContext) {}

  async load(inputs: readonly Input[]): Promise<void> {
    const namespaces = [...new Set(inputs.map((i) => i.namespace))];
    const groupKeys = new Map<string, { namespace: string; group_id: string }>();
    const pointIds: string[] = [];
    for (const i of inputs) {
      if (i.kind === 'oco')
        groupKeys.set(keyOf(i.namespace, i.groupId), { namespace: i.namespace, group_id: i.groupId });
      else pointIds.push(i.event.metadata.eventId);
    }
    const open = await rowsWhere(this.ctx, groupsTable, `t.phase <> 'CLOSED' AND t.namespace = ANY($1::text[])`, [
      namespaces,
    ]);
    for (const row of [...open, ...(await rowsByKey(this.ctx, groupsTable, [...groupKeys.values()]))])
      this.groups.set(keyOf(row.namespace, row.group_id), row);
    for (const row of await rowsByKey(
      this.ctx,
      heatTable,
      namespaces.map((namespace) => ({ namespace })),
    ))
      this.heat.set(row.namespace, row);
    if (pointIds.length > 0) {
      const seen = await rowsWhere(
        this.ctx,
        heatPointsTable,
        't.namespace = ANY($1::text[]) AND t.event_id = ANY($2::uuid[])',
        [namespaces, pointIds],
      );
      this.recorded = new Set(seen.map((p) => p.event_id));
    }
  }

  fold(inputs: readonly Input[]): void {
    for (const i of inputs) {
      try {
        switch (i.kind) {
          case 'oco':
            this.onGroupEvent(i.namespace, i.groupId, i.event);
            break;
          case 'marks':
            this.onMarks(i.namespace, i.event);
            break;
          case 'decision':
            this.onDecision(i.namespace, i.event);
            break;
          default: {
            const never: never = i;
            throw new Error(`unknown input ${JSON.stringify(never)}`);
          }
        }
      } catch (err) {
        throw foldError('oco_heat', i.event, err);
      }
    }
  }

  async write(): Promise<void> {
    const { ctx } = this;
    await writeRows(
      ctx,
      groupsTable,
      [...this.dirtyGroups].map((k) => this.groups.get(k)!),
      'replace',
    );
    await writeRows(ctx, tradesTable, this.trades, 'keep');
    await writeRows(
      ctx,
      heatTable,
      [...this.dirtyHeat].map((k) => this.heat.get(k)!),
      'replace',
    );
    await writeRows(ctx, heatPointsTable, this.points, 'keep');
  }

  private onGroupEvent(namespace: string, groupId: string, event: RecordedEvent): void {
    const k = keyOf(namespace, groupId);
    const prev = this.groups.get(k);
    if (prev && event.streamVersion <= prev.version) return; // applied already
    const row = nextGroupRow(prev, namespace, event);
    this.groups.set(k, row);
    this.dirtyGroups.add(k);
    if (event.type === 'OcoGroupClosed') {
      const trade = tradeOf(row, event);
      if (trade) this.trades.push(trade);
    }
    this.point(namespace, event, false);
  }

  private onMarks(namespace: string, event: RecordedEvent): void {
    if (this.recorded.has(event.metadata.eventId)) return; // applied already
    const { marks } = event.data as Marks;
    const day = eventDay(event);
    for (const [k, g] of this.groups) {
      if (g.namespace !== namespace || g.trading_day !== day || g.phase === 'CLOSED') continue;
      const u = groupUnrealised(g.plan, g.fills, marks);
      if (u === undefined) continue;
      this.groups.set(k, { ...g, mfe: Math.max(g.mfe ?? 0, u), mae: Math.min(g.mae ?? 0, u) });
      this.dirtyGroups.add(k);
    }
    this.point(namespace, event, true);
  }

  private onDecision(namespace: string, event: RecordedEvent): void {
    if (this.recorded.has(event.metadata.eventId)) return; // applied already
    const { heatCap, at } = event.data as Decision;
    this.heat.set(namespace, { ...this.heatRow(namespace, at), heat_cap: heatCap });
    this.point(namespace, event, true);
  }

  /** Heat from every open group of the namespace (all are loaded); a point when it changed, or always. */
  private point(namespace: string, event: RecordedEvent, always: boolean): void {
    const at = (event.data as { at: string }).at;
    let heat = 0;
    let open = 0;
    for (const g of this.groups.values()) {
      if (g.namespace !== namespace || g.phase === 'CLOSED') continue;
      heat += g.open_risk;
      open += 1;
    }
    const prev = this.heatRow(namespace, at);
    if (!always && heat === prev.heat && open === prev.open_groups) return;
    const seq = prev.point_seq + 1;
    this.heat.set(namespace, { ...prev, heat, open_groups: open, point_seq: seq, updated_at: at });
    this.dirtyHeat.add(namespace);
    this.points.push({
      namespace,
      seq,
      trading_day: eventDay(event),
      at,
      heat,
      heat_cap: prev.heat_cap,
      open_groups: open,
      cause: event.type,
      event_id: event.metadata.eventId,
    });
  }

  private heatRow(namespace: string, at: string): HeatRow {
    const row = this.heat.get(namespace) ?? newHeatRow(namespace, at);
    this.heat.set(namespace, row);
    return row;
  }
}

/**
 * `oco_heat`: OCO groups (folded with the OCO decider's evolve: phase, legs, fills, close reason,
 * risk events, open risk, MFE/MAE at marks), trades (a closed group's round trip, realised with
 * domain/pnl), and portfolio heat per namespace with its timeline: heat = the open risk of every
 * open group (open quantity x |avg entry - stop| plus working entries' risk), the cap from the last
 * DecisionMade. Idempotent: a group event at or below its row's version, a marks or decision event
 * already on the timeline change nothing.
 */
export const ocoHeatProjection = defineProjection({
  name: 'oco_heat',
  eventTypes: [...OCO_EVENT_TYPES, 'MarksRecorded', 'DecisionMade'],
  tables: ['rm_oco_groups', 'rm_trades', 'rm_heat', 'rm_heat_points'],
  async apply(events, ctx) {
    const inputs = events.map(inputOf).filter((i): i is Input => i !== null);
    if (inputs.length === 0) return;
    const batch = new OcoHeatBatch(ctx);
    await batch.load(inputs);
    batch.fold(inputs);
    await batch.write();
  },
});
