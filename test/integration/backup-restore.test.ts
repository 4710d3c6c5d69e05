import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { ArchiveError, restoreArchive, verifyArchive, writeArchive } from '../../app/backup/event-archive';
import { eventsHash, namespaceEvents } from '../../app/paper/events-hash';
import { syntheticSource } from '../../app/paper/market-source';
import { allProjections, rebuildProjection } from '../../projections';
import { calendar, paperDaySummary } from '../support/paper-day-rig';
import { tableRows } from '../support/read-model-rig';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * Backup and restore (SPEC "Operations"): the event store is the source of truth. An archive of a
 * traded day, restored into an empty store and followed by a projection rebuild, gives back the
 * same book, table for table; an altered or truncated archive is refused before anything is written.
 */
const RUN = 'backup-day';
const dir = mkdtempSync(join(tmpdir(), 'trader-archive-'));
const archive = join(dir, 'day.ndjson.gz');
let original: TestDb;
let originalStore: PgEventStore;
const others: TestDb[] = [];

const readModelTables = [...new Set(allProjections.flatMap((p) => p.tables))];

async function emptyStore(): Promise<{ db: TestDb; store: PgEventStore }> {
  const db = await createTestDb();
  others.push(db);
  return { db, store: new PgEventStore(db.pool) };
}

beforeAll(async () => {
  original = await createTestDb();
  await paperDaySummary(
    original.pool,
    syntheticSource({ seed: 3, instruments: 4, tradingDay: '2025-09-05', calendar }),
    RUN,
  );
  originalStore = new PgEventStore(original.pool);
}, 120_000);

afterAll(async () => {
  await originalStore.close();
  await original.drop();
  for (const d of others) await d.drop();
});

test('a day restored from its archive and rebuilt is the same book: every event, every read-model row', async () => {
  const written = await writeArchive(originalStore, archive);
  const originalEvents = await namespaceEvents(originalStore, RUN);
  expect(written.events).toBe((await originalStore.readAll({ from: null, maxCount: 10_000 })).events.length);
  expect(written.events).toBeGreaterThan(500);
  expect(await verifyArchive(archive)).toBe(written.events);

  const { db, store } = await emptyStore();
  const restored = await restoreArchive(store, archive);
  expect(restored.events).toBe(written.events);
  expect(restored.appends).toBeLessThan(restored.events); // runs of one stream go as one append
  for (const p of allProjections)
    await rebuildProjection({ store, pool: db.pool, projections: allProjections, name: p.name });

  const copy = await namespaceEvents(store, RUN);
  expect(copy.map((e) => [e.streamId, e.streamVersion, e.type, e.metadata.eventId])).toEqual(
    originalEvents.map((e) => [e.streamId, e.streamVersion, e.type, e.metadata.eventId]),
  );
  expect(eventsHash(copy, RUN)).toBe(eventsHash(originalEvents, RUN));
  let rows = 0;
  for (const t of readModelTables) {
    const a = await tableRows(original.pool, t);
    rows += a.length;
    expect([t, await tableRows(db.pool, t)]).toEqual([t, a]);
  }
  expect(rows).toBeGreaterThan(100);
  await store.close();
});

test('an altered archive is refused before anything is written', async () => {
  const text = gunzipSync(readFileSync(archive)).toString('utf8');
  const altered = join(dir, 'altered.ndjson.gz');
  writeFileSync(altered, gzipSync(text.replace('"OrderFilled"', '"OrderCancelled"')));
  const { store } = await emptyStore();
  await expect(restoreArchive(store, altered)).rejects.toThrow(/SHA-256 .* the archive was altered/);
  expect((await store.readAll({ from: null, maxCount: 1 })).events).toEqual([]);
  await store.close();
});

test('a truncated archive, or a store that is not empty, is refused', async () => {
  const text = gunzipSync(readFileSync(archive)).toString('utf8');
  const lines = text.trimEnd().split('\n');
  const truncated = join(dir, 'truncated.ndjson.gz');
  writeFileSync(truncated, gzipSync(`${lines.slice(0, Math.floor(lines.length / 2)).join('\n')}\n`));
  const { store } = await emptyStore();
  await expect(restoreArchive(store, truncated)).rejects.toThrow(/truncated/);
  expect((await store.readAll({ from: null, maxCount: 1 })).events).toEqual([]);
  await expect(restoreArchive(originalStore, archive)).rejects.toThrow(ArchiveError);
  await expect(restoreArchive(originalStore, archive)).rejects.toThrow(/already holds events/);
  await store.close();
});

test('an archive is never written over an existing file', async () => {
  await expect(writeArchive(originalStore, archive)).rejects.toThrow(/exists: an archive is never written over a file/);
  expect(await verifyArchive(archive)).toBeGreaterThan(0); // the first archive is intact
});
