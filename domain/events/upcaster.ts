import type { EventEnvelope } from './envelope';

/** Lifts one event type from `fromVersion` to `fromVersion + 1`. Pure. */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  upcast(data: unknown): unknown;
}

/** A set of upcasters applied in chain on read, so old events are seen in their newest shape. */
export class UpcasterChain {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const u of upcasters) {
      const key = `${u.type}@${u.fromVersion}`;
      if (this.byKey.has(key)) throw new Error(`two upcasters for ${key}`);
      this.byKey.set(key, u);
    }
  }

  get isEmpty(): boolean {
    return this.byKey.size === 0;
  }

  apply<E extends EventEnvelope>(event: E): E {
    if (this.byKey.size === 0) return event;
    let version = event.version;
    let data = event.data;
    for (let u = this.byKey.get(`${event.type}@${version}`); u; u = this.byKey.get(`${event.type}@${version}`)) {
      data = u.upcast(data);
      version += 1;
    }
    return version === event.version ? event : { ...event, version, data };
  }
}
