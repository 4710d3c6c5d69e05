import { randomUUID } from 'node:crypto';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import type { EventEnvelope } from '../../domain/events/envelope';
import { allProjections, formatRebuildProgress, rebuildProjection } from '../../projections';
import { type BenchSuite, round } from './figure';

const EVENTS = 200_000;
const BATCH = 1000;

function event(i: number): EventEnvelope {
  return {
    type: i % 3 === 0 ? 'OrderFilled' : 'SignalGenerated',
    version: 1,
    data: { i, instrument: 'NSE:SBIN', qty: 10, price: 80_005 },
    metadata: {
      eventId: randomUUID(),
      correlationId: 'bench',
      causationId: null,
      configHash: 'cfg',
      occurredAt: '2025-09-04T04:00:00.000Z',
      tradingDay: '2025-09-04',
    },
  };
}

/** projection.rebuild: the stream_heads projection rebuilt from event zero over at least 200,000 events. */
export const projectionSuite: BenchSuite = {
  names: ['projection.rebuild'],
  async run(ctx, emit) {
    const store = new PgEventStore(ctx.pool);
    try {
      const missing = Math.max(0, EVENTS - (await store.countAfter(null)));
      for (let done = 0; done < missing; done += BATCH) {
        const n = Math.min(BATCH, missing - done);
        await store.appendToStream(
          `rebuild-${(done / BATCH) % 500}`,
          Array.from({ length: n }, (_, k) => event(done + k)),
        );
        if ((done / BATCH) % 20 === 0) ctx.progress(`writing events for the rebuild ${done}/${missing}`);
      }
      const r = await rebuildProjection({
        store,
        pool: ctx.pool,
        projections: allProjections,
        name: 'stream_heads',
        batchSize: 5000,
        onProgress: (p) => ctx.progress(formatRebuildProgress(p)),
      });
      emit({
        name: 'projection.rebuild',
        value: round(r.eventsPerSecond, 0),
        unit: 'events/s',
        note: `${r.eventsApplied} events in ${round(r.elapsedMs / 1000, 2)} s; target >= 30000`,
      });
    } finally {
      await store.close();
    }
  },
};
