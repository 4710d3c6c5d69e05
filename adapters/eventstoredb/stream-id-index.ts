import type { Checkpoint } from '../../commands/ports/event-store';

/** Where one event ID sits in its stream. */
export interface StoredId {
  readonly version: number;
  readonly position: Checkpoint;
}

/** What this process knows of a stream: every event ID up to `version` (-1: nothing known yet). */
export interface KnownStream {
  readonly version: number;
  readonly ids: ReadonlyMap<string, StoredId>;
}

interface Entry {
  version: number;
  ids: Map<string, StoredId>;
}

/**
 * The event IDs of recently appended-to streams, so that an append checks its batch against
 * the whole stream while reading only the events stored since the last look. Streams are
 * append-only, so what is known stays true; least recently used streams are forgotten beyond
 * `maxIds` IDs (a forgotten stream is read in full on its next append).
 */
export class StreamIdIndex {
  private readonly streams = new Map<string, Entry>();
  private total = 0;

  constructor(private readonly maxIds = 500_000) {}

  get size(): number {
    return this.total;
  }

  /** What is known of `stream` (version -1 and no IDs when nothing is). */
  known(stream: string): KnownStream {
    return this.streams.get(stream) ?? { version: -1, ids: new Map() };
  }

  /** Adds the events read after the known version, in version order (older ones are ignored). */
  record(stream: string, events: readonly { id: string; version: number; position: Checkpoint }[]): KnownStream {
    let entry = this.streams.get(stream);
    if (entry) this.streams.delete(stream);
    else entry = { version: -1, ids: new Map() };
    this.streams.set(stream, entry); // most recently used last
    for (const e of events) {
      if (e.version <= entry.version) continue;
      if (!entry.ids.has(e.id)) this.total += 1;
      entry.ids.set(e.id, { version: e.version, position: e.position });
      entry.version = e.version;
    }
    this.evict(stream);
    return entry;
  }

  private evict(keep: string): void {
    for (const [name, entry] of this.streams) {
      if (this.total <= this.maxIds) return;
      if (name === keep) continue;
      this.total -= entry.ids.size;
      this.streams.delete(name);
    }
  }
}

export type BatchCheck =
  | { readonly kind: 'new' }
  | { readonly kind: 'duplicate'; readonly position: Checkpoint }
  | { readonly kind: 'conflict'; readonly existingIds: readonly string[] };

/**
 * A batch against the IDs already in its stream: none stored (new), all stored (a retry: the
 * position of the latest of them), or some (a conflict: neither new nor a retry).
 */
export function checkBatch(ids: readonly string[], stored: ReadonlyMap<string, StoredId>): BatchCheck {
  const found = ids.flatMap((id) => {
    const s = stored.get(id);
    return s ? [{ id, ...s }] : [];
  });
  if (found.length === 0) return { kind: 'new' };
  if (found.length < ids.length) return { kind: 'conflict', existingIds: found.map((f) => f.id) };
  const latest = found.reduce((a, b) => (b.version > a.version ? b : a));
  return { kind: 'duplicate', position: latest.position };
}
