import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { WrongExpectedVersionError } from '../../commands/ports/event-store-errors';
import { makeEvent, uniqueStream } from '../support/events';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * Group commit on the real server: concurrent appends share transactions, and each keeps its own
 * outcome (a refused one changes nothing, its neighbours commit).
 */
let db: TestDb;
let store: PgEventStore;

beforeAll(async () => {
  db = await createTestDb({ poolSize: 10 });
  store = new PgEventStore(db.pool, { groupCommit: { maxInFlight: 1, maxItems: 200 } });
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

async function transactionsOf(streams: readonly string[]): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>(
    'SELECT count(DISTINCT transaction_id) AS n FROM es_events WHERE stream_id = ANY($1)',
    [streams],
  );
  return Number(rows[0]!.n);
}

test('50 concurrent appends to 50 streams commit in a handful of transactions, each in its stream', async () => {
  const streams = Array.from({ length: 50 }, () => uniqueStream('gc'));
  const results = await Promise.all(
    streams.map((s, i) =>
      store.appendToStream(s, [makeEvent('A', { i }), makeEvent('B', { i })], { expectedVersion: 'no_stream' }),
    ),
  );
  expect(results.every((r) => r.nextExpectedVersion === 1 && !r.duplicate)).toBe(true);
  expect(await transactionsOf(streams)).toBe(1); // made in one turn of the event loop: one commit
  for (const [i, s] of streams.entries())
    expect((await store.readStream(s)).map((e) => [e.type, e.data])).toEqual([
      ['A', { i }],
      ['B', { i }],
    ]);
});

test('a wrong expected version refuses that append alone; the others in its transaction commit', async () => {
  const streams = Array.from({ length: 10 }, () => uniqueStream('gc'));
  await store.appendToStream(streams[4]!, [makeEvent('Existing')]);
  const settled = await Promise.allSettled(
    streams.map((s) => store.appendToStream(s, [makeEvent('New')], { expectedVersion: 'no_stream' })),
  );
  const refused = settled.flatMap((r, i) => (r.status === 'rejected' ? [[i, r.reason]] : []));
  expect(refused).toHaveLength(1);
  expect(refused[0]![0]).toBe(4);
  expect(refused[0]![1]).toBeInstanceOf(WrongExpectedVersionError);
  expect((refused[0]![1] as WrongExpectedVersionError).actual).toBe(0);
  expect((await store.readStream(streams[4]!)).map((e) => e.type)).toEqual(['Existing']);
  for (const [i, s] of streams.entries()) if (i !== 4) expect(await store.streamVersion(s)).toBe(0);
  expect(await transactionsOf(streams.filter((_, i) => i !== 4))).toBe(1);
});

test('two appends to one stream in one turn commit one after the other, in the order made', async () => {
  const s = uniqueStream('gc');
  const others = Array.from({ length: 5 }, () => uniqueStream('gc'));
  const [first, second] = await Promise.all([
    store.appendToStream(s, [makeEvent('First')], { expectedVersion: 'no_stream' }),
    store.appendToStream(s, [makeEvent('Second')], { expectedVersion: 0 }),
    ...others.map((o) => store.appendToStream(o, [makeEvent('Other')])),
  ]);
  expect([first!.nextExpectedVersion, second!.nextExpectedVersion]).toEqual([0, 1]);
  expect((await store.readStream(s)).map((e) => e.type)).toEqual(['First', 'Second']);
  expect(await transactionsOf([s])).toBe(2);
});

test('data the server refuses fails its own append only; its neighbours commit', async () => {
  const streams = Array.from({ length: 6 }, () => uniqueStream('gc'));
  const settled = await Promise.allSettled(
    streams.map((s, i) =>
      store.appendToStream(s, [makeEvent('Note', { text: i === 2 ? 'nul \u0000 byte' : `fine ${i}` })]),
    ),
  );
  expect(settled.map((r) => r.status)).toEqual([
    'fulfilled',
    'fulfilled',
    'rejected',
    'fulfilled',
    'fulfilled',
    'fulfilled',
  ]);
  expect(await store.streamVersion(streams[2]!)).toBe(-1);
  for (const [i, s] of streams.entries()) if (i !== 2) expect(await store.streamVersion(s)).toBe(0);
});

test('the same events racing within one transaction are stored once; the repeat reports the same position', async () => {
  const s = uniqueStream('gc');
  const events = [makeEvent('Once'), makeEvent('Twice')];
  const [a, b] = await Promise.all([store.appendToStream(s, events), store.appendToStream(s, events)]);
  expect([a!.duplicate, b!.duplicate].sort()).toEqual([false, true]);
  expect(a!.position).toBe(b!.position);
  expect((await store.readStream(s)).map((e) => e.type)).toEqual(['Once', 'Twice']);
});
