import { createHash } from 'node:crypto';
import type { EventStore, RecordedEvent } from '../../commands/ports/event-store';
import { canonicalJson } from '../../domain/ids/canonical-json';

/**
 * Fields left out of the day's hash: identifiers the broker assigns in call order (several groups
 * are flattened at once, so which exit gets which broker sequence number is a race), none of
 * which is a decision of ours. Market-time fields (`at`) stay in: they come from the replay clock.
 */
const BROKER_ASSIGNED = new Set(['brokerOrderId', 'tradeId']);

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!BROKER_ASSIGNED.has(k)) out[k] = strip(v);
    return out;
  }
  return value;
}

/** Every event of a namespace (all its streams), in global order, once all of them are readable. */
export async function namespaceEvents(store: EventStore, namespace: string): Promise<RecordedEvent[]> {
  await store.settle();
  const out: RecordedEvent[] = [];
  let from: string | null = null;
  for (;;) {
    const r = await store.readAll({ from, maxCount: 5000, filter: { streamPrefixes: [`${namespace}:`] } });
    out.push(...r.events);
    from = r.checkpoint;
    if (r.isEnd) return out;
  }
}

/**
 * A hash of the day's decisions: each stream's event types and data in stream order, streams in
 * name order with the run's namespace cut off (so two runs of the same day compare), broker-assigned
 * IDs left out. Metadata (event IDs, wall-clock recording times) is not hashed.
 */
export function eventsHash(events: readonly RecordedEvent[], namespace: string): string {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    const list = byStream.get(e.streamId) ?? [];
    list.push(e);
    byStream.set(e.streamId, list);
  }
  const h = createHash('sha256');
  for (const stream of [...byStream.keys()].sort()) {
    h.update(`${stream.slice(namespace.length + 1)}\n`);
    for (const e of byStream.get(stream)!.sort((a, b) => a.streamVersion - b.streamVersion)) {
      h.update(`${e.type}\n${canonicalJson(strip(e.data) as never)}\n`);
    }
  }
  return h.digest('hex');
}
