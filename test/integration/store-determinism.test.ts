import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import pino from 'pino';
import { KurrentEventStore } from '../../adapters/eventstoredb/kurrent-event-store';
import { InMemoryEventStore } from '../../adapters/memory/in-memory-event-store';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { eventsHash, namespaceEvents } from '../../app/paper/events-hash';
import { type MarketSource, syntheticSource } from '../../app/paper/market-source';
import { runPaperDay } from '../../app/paper/paper-day';
import { readBarFiles, recordedDay } from '../../app/paper/recorded-source';
import type { EventStore } from '../../commands/ports/event-store';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { FakeKurrent, fakeClient } from '../support/fake-kurrent';
import { calendar, tradingConfig } from '../support/paper-day-rig';
import { createTestDb, type TestDb } from '../support/test-db';

const MARKET = resolve(__dirname, '../../../shared/fixtures/market/nse_1min_2017-09');
const ESDB = process.env.EVENTSTORE_URL;

/** The day's hash on one store (the pipeline's events only: no read models). */
async function hashOn(
  store: EventStore,
  source: MarketSource,
  runId: string,
): Promise<{ hash: string; events: number; lossStop: boolean }> {
  try {
    await runPaperDay({
      store,
      projections: false,
      source,
      config: tradingConfig,
      calendar,
      runId,
      speed: 'max',
      log: pino({ level: 'silent' }),
    });
    const events = await namespaceEvents(store, runId);
    return {
      hash: eventsHash(events, runId),
      events: events.length,
      lossStop: events.some((e) => e.type === 'CircuitBreakerTripped'),
    };
  } finally {
    await store.close();
  }
}

/**
 * Issue 13: the same day gives the same events, and so the same `eventsHash`, on every store.
 * The synthetic day (seed 7, 12 stocks) trips the daily loss stop mid-morning: before the fix in
 * BookTracker, a fill reaching the book before its order's submission news was dropped, so the
 * in-memory store (fast appends) and PostgreSQL valued the book differently and every decision
 * after the stop carried other P&L figures. EventStoreDB runs the same day when EVENTSTORE_URL is
 * set, and is reported as skipped otherwise.
 */
describe('the same day gives the same eventsHash on every store', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });

  const synthetic = () => syntheticSource({ seed: 7, instruments: 12, tradingDay: '2025-09-05', calendar });

  it('a synthetic day with the daily loss stop: PostgreSQL and in memory', async () => {
    const memory = await hashOn(new InMemoryEventStore(), synthetic(), 'det-synth-mem');
    const pg = await hashOn(new PgEventStore(db.pool), synthetic(), 'det-synth-pg');
    expect(memory.lossStop).toBe(true);
    expect(memory.events).toBeGreaterThan(1000);
    expect(pg).toEqual(memory);
  }, 600_000);

  (existsSync(MARKET) ? it : it.skip)(
    'a real day (SBIN + NIFTY 50, 2017-09-26): PostgreSQL and in memory',
    async () => {
      const master = builtinInstrumentMaster();
      const files = await readBarFiles([MARKET], calendar, master);
      const day = () => recordedDay({ files, day: '2017-09-26', calendar, master, config: tradingConfig });
      const memory = await hashOn(new InMemoryEventStore(), day(), 'det-real-mem');
      const pg = await hashOn(new PgEventStore(db.pool), day(), 'det-real-pg');
      expect(memory.events).toBeGreaterThan(100);
      expect(pg).toEqual(memory);
    },
    600_000,
  );

  it('the synthetic day through the EventStoreDB adapter, over the in-memory stand-in for its client', async () => {
    const memory = await hashOn(new InMemoryEventStore(), synthetic(), 'det-fake-mem');
    const esdb = await hashOn(new KurrentEventStore(fakeClient(new FakeKurrent())), synthetic(), 'det-fake-esdb');
    expect(esdb).toEqual(memory);
  }, 600_000);

  if (!ESDB)
    console.log('[test] EVENTSTORE_URL not set: the paper day on EventStoreDB is SKIPPED (not run, not passed)');
  (ESDB ? it : it.skip)(
    ESDB ? 'the synthetic day on EventStoreDB' : 'the synthetic day on EventStoreDB [skipped: EVENTSTORE_URL not set]',
    async () => {
      const memory = await hashOn(new InMemoryEventStore(), synthetic(), 'det-esdb-mem');
      const esdb = await hashOn(new KurrentEventStore(ESDB ?? ''), synthetic(), `det-esdb-${Date.now().toString(36)}`);
      expect(esdb.hash).toBe(memory.hash);
    },
    600_000,
  );
});
