import { randomUUID } from 'node:crypto';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import type { EventEnvelope } from '../../domain/events/envelope';
import { type BenchSuite, percentile, round, secondsSince } from './figure';

/** A payload of the size our trading events have (~400 bytes of data). */
function payload(i: number) {
  return {
    planId: `plan-${i}`,
    instrument: 'NSE:SBIN',
    side: 'BUY',
    qty: 150,
    entry: 25_010_5,
    stop: 24_950_0,
    targets: [25_110_0, 25_200_0],
    features: { momentum: 0.62, trend: 0.41, liquidity: 0.93, regime: 'trend', rr: 1.8 },
    scores: { momentum: 0.31, trend: 0.2, liquidity: 0.12, regime: 0.1, rr: 0.27 },
  };
}

function event(i: number): EventEnvelope {
  return {
    type: 'SignalGenerated',
    version: 1,
    data: payload(i),
    metadata: {
      eventId: randomUUID(),
      correlationId: 'bench',
      causationId: null,
      configHash: 'cfg0123456789',
      occurredAt: '2025-09-04T04:00:00.000Z',
      tradingDay: '2025-09-04',
    },
  };
}

const BATCH_EVENTS = 30_000;
const SINGLE_EVENTS = 3_000;

/** reference.pg_insert.batch100, eventstore.append.batch100/.single, eventstore.readall, subscription.lag_p99_ms */
export const eventStoreSuite: BenchSuite = {
  names: [
    'reference.pg_insert.batch100',
    'eventstore.append.batch100',
    'eventstore.append.single',
    'eventstore.readall',
    'subscription.lag_p99_ms',
  ],
  async run(ctx, emit, only) {
    const store = new PgEventStore(ctx.pool);
    try {
      if (only('reference.pg_insert.batch100')) {
        await ctx.pool.query(`CREATE TABLE bench_reference (id bigserial PRIMARY KEY, stream_id text NOT NULL,
          event_id uuid NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)`);
        const t = process.hrtime.bigint();
        for (let b = 0; b < BATCH_EVENTS / 100; b++) {
          const rows = Array.from({ length: 100 }, (_, k) => event(b * 100 + k));
          const values: unknown[] = [];
          const tuples = rows.map((e, k) => {
            values.push(
              `ref-${b % 50}`,
              e.metadata.eventId,
              e.type,
              JSON.stringify(e.data),
              JSON.stringify(e.metadata),
            );
            const o = k * 5;
            return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5})`;
          });
          await ctx.pool.query(
            `INSERT INTO bench_reference (stream_id, event_id, type, data, metadata) VALUES ${tuples.join(',')}`,
            values,
          );
          if (b % 50 === 0) ctx.progress(`reference insert ${b * 100}/${BATCH_EVENTS}`);
        }
        emit({ name: 'reference.pg_insert.batch100', value: round(BATCH_EVENTS / secondsSince(t), 0), unit: 'rows/s' });
      }

      if (only('eventstore.append.batch100')) {
        const t = process.hrtime.bigint();
        for (let b = 0; b < BATCH_EVENTS / 100; b++) {
          await store.appendToStream(
            `bench-${b % 50}`,
            Array.from({ length: 100 }, (_, k) => event(b * 100 + k)),
          );
          if (b % 50 === 0) ctx.progress(`append batch100 ${b * 100}/${BATCH_EVENTS}`);
        }
        emit({
          name: 'eventstore.append.batch100',
          value: round(BATCH_EVENTS / secondsSince(t), 0),
          unit: 'events/s',
          note: 'target >= 0.5 x reference.pg_insert.batch100',
        });
      }

      if (only('eventstore.append.single')) {
        const t = process.hrtime.bigint();
        for (let i = 0; i < SINGLE_EVENTS; i++) {
          await store.appendToStream(`single-${i % 100}`, [event(i)]);
          if (i % 500 === 0) ctx.progress(`append single ${i}/${SINGLE_EVENTS}`);
        }
        emit({ name: 'eventstore.append.single', value: round(SINGLE_EVENTS / secondsSince(t), 0), unit: 'events/s' });
      }

      if (only('eventstore.readall')) {
        const t = process.hrtime.bigint();
        let n = 0;
        let cp: string | null = null;
        for (;;) {
          const r = await store.readAll({ from: cp, maxCount: 1000 });
          n += r.events.length;
          cp = r.checkpoint;
          if (r.isEnd) break;
        }
        emit({
          name: 'eventstore.readall',
          value: round(n / secondsSince(t), 0),
          unit: 'events/s',
          note: `${n} events`,
        });
      }

      if (only('subscription.lag_p99_ms')) emit(await measureLag(store, ctx.progress));
    } finally {
      await store.close();
    }
  },
};

/** Commit-to-delivery lag of a live subscriber while a writer appends a steady 1,000 events/s for 5 s. */
async function measureLag(store: PgEventStore, progress: (l: string) => void) {
  const committedAt = new Map<string, number>();
  const deliveredAt = new Map<string, number>();
  const prefix = `lag-${randomUUID().slice(0, 6)}`;
  const head = await lastCheckpoint(store);
  const sub = store.subscribeToAll({
    from: head,
    filter: { streamPrefixes: [prefix] },
    handler: (events) => {
      const now = performance.now();
      for (const e of events) deliveredAt.set(e.metadata.eventId, now);
    },
  });
  const SECONDS = 5;
  const PER_TICK = 5; // 5 events every 5 ms = 1,000 events/s
  const start = performance.now();
  let sent = 0;
  for (let tick = 0; tick < (SECONDS * 1000) / 5; tick++) {
    const due = start + tick * 5;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const batch = Array.from({ length: PER_TICK }, (_, k) => event(sent + k));
    await store.appendToStream(`${prefix}-${tick % 10}`, batch);
    const t = performance.now();
    for (const e of batch) committedAt.set(e.metadata.eventId, t);
    sent += PER_TICK;
    if (tick % 200 === 0) progress(`lag: ${sent} events sent`);
  }
  const deadline = performance.now() + 5000;
  while (deliveredAt.size < sent && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await sub.stop();
  // The append's reply and the subscriber's read race in one event loop: a delivery seen before
  // the reply counts as zero lag.
  const lags = [...committedAt].flatMap(([id, c]) => {
    const d = deliveredAt.get(id);
    return d === undefined ? [] : [Math.max(0, d - c)];
  });
  const rate = sent / ((performance.now() - start) / 1000);
  return {
    name: 'subscription.lag_p99_ms',
    value: round(Math.max(0, percentile(lags, 99)), 2),
    unit: 'ms',
    note: `p50 ${round(percentile(lags, 50), 2)} ms, ${lags.length}/${sent} delivered, ~${round(rate, 0)} events/s; target < 50 ms`,
  };
}

async function lastCheckpoint(store: PgEventStore): Promise<string | null> {
  let cp: string | null = null;
  for (;;) {
    const r = await store.readAll({ from: cp, maxCount: 10_000 });
    cp = r.checkpoint;
    if (r.isEnd) return cp;
  }
}
