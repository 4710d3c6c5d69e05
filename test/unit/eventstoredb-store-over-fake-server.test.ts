import { randomUUID } from 'node:crypto';
import { KurrentEventStore } from '../../adapters/eventstoredb/kurrent-event-store';
import { InvalidArgumentError } from '../../commands/ports/event-store-errors';
import type { Upcaster } from '../../domain/events/upcaster';
import { UpcasterChain } from '../../domain/events/upcaster';
import { eventStoreContract } from '../contract/event-store.contract';
import { makeEvent, uniqueStream } from '../support/events';

import { FakeKurrent, fakeClient } from '../support/fake-kurrent';

describe('KurrentEventStore over an in-memory stand-in for EventStoreDB (contract)', () => {
  eventStoreContract(
    async () => {
      const server = new FakeKurrent();
      const store = new KurrentEventStore(fakeClient(server));
      return { store, cleanup: () => store.close() };
    },
    { multiAppendAtomicUnderRaces: false },
  );
});

describe('KurrentEventStore specifics', () => {
  it('reads a trading day through its index stream of links, never scanning $all, and skips a dangling link', async () => {
    const server = new FakeKurrent();
    const store = new KurrentEventStore(fakeClient(server));
    const s = uniqueStream('day');
    await store.appendToStream(s, [makeEvent('A', {}, { tradingDay: '2030-01-02' })]);
    await store.appendToStream(uniqueStream('noise'), [makeEvent('N', {}, { tradingDay: '2030-01-03' })]);
    await store.appendToStream(s, [makeEvent('B', {}, { tradingDay: '2030-01-02' })]);
    // A link written before an append that never landed (a crash in between): points at nothing.
    await server.appendToStream('tradingday-2030-01-02', [
      { id: randomUUID(), type: '$>', data: Buffer.from(`7@${s}`), contentType: 'application/octet-stream' } as never,
    ]);
    const scans = jest.spyOn(server, 'readAll');
    const day = await store.readAll({ filter: { tradingDay: '2030-01-02' } });
    expect(day.events.map((e) => e.type)).toEqual(['A', 'B']);
    expect(day.isEnd).toBe(true);
    expect(await store.countAfter(day.events[0]!.position, { tradingDay: '2030-01-02' })).toBe(1);
    expect(scans).not.toHaveBeenCalled();
    // The links are system events: no reader of $all sees them.
    const all = await store.readAll({ maxCount: 1000 });
    expect(all.events.some((e) => e.type === '$>' || e.streamId.startsWith('tradingday-'))).toBe(false);
    await store.close();
  });

  it('refuses a malformed connection string with a clear error', () => {
    expect(() => new KurrentEventStore('postgres://localhost/db')).toThrow(InvalidArgumentError);
    expect(() => new KurrentEventStore('postgres://localhost/db')).toThrow(/EVENTSTORE_URL/);
  });

  it('sees what another store instance appended since its last look before deciding on a batch', async () => {
    const server = new FakeKurrent();
    const a = new KurrentEventStore(fakeClient(server));
    const b = new KurrentEventStore(fakeClient(server)); // another process: its own ID index and locks
    const s = uniqueStream();
    const batch = [makeEvent('A'), makeEvent('B')];
    await a.appendToStream(s, [makeEvent('First')]);
    await b.appendToStream(s, batch);
    const again = await a.appendToStream(s, batch, { expectedVersion: 'any' });
    expect(again).toMatchObject({ duplicate: true, nextExpectedVersion: 2 });
    const partly = await a.appendToStream(s, [batch[1]!, makeEvent('C')]).catch((e) => e);
    expect(partly).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    expect((await a.readStream(s)).map((e) => e.type)).toEqual(['First', 'A', 'B']);
    await Promise.all([a.close(), b.close()]);
  });

  it('never stores an event ID twice when two store instances race the same batch', async () => {
    const server = new FakeKurrent();
    const stores = Array.from({ length: 4 }, () => new KurrentEventStore(fakeClient(server)));
    const s = uniqueStream();
    await stores[0]!.appendToStream(s, [makeEvent('Seed')]);
    const batch = [makeEvent('A'), makeEvent('B'), makeEvent('C')];
    const results = await Promise.all(stores.map((st) => st.appendToStream(s, batch, { expectedVersion: 'any' })));
    const ids = (await stores[0]!.readStream(s)).map((e) => e.metadata.eventId);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    expect(new Set(results.map((r) => r.position)).size).toBe(1);
    await Promise.all(stores.map((st) => st.close()));
  });

  it('reports the position of the LAST event of the batch, not what the server says for the write', async () => {
    const server = new FakeKurrent();
    const store = new KurrentEventStore(fakeClient(server));
    const s = uniqueStream();
    const r = await store.appendToStream(s, [makeEvent('A'), makeEvent('B'), makeEvent('C')]);
    const read = await store.readStream(s);
    expect(r.position).toBe(read[2]!.position);
    expect(r.position).not.toBe(read[0]!.position);
    await store.close();
  });

  it('lifts old event versions with the upcasters on every read path', async () => {
    const server = new FakeKurrent();
    const renameQty: Upcaster = {
      type: 'OrderPlaced',
      fromVersion: 1,
      upcast: (d) => ({ quantity: (d as { qty: number }).qty }),
    };
    const store = new KurrentEventStore(fakeClient(server), { upcasters: new UpcasterChain([renameQty]) });
    const s = uniqueStream('up');
    await store.appendToStream(s, [makeEvent('OrderPlaced', { qty: 65 })]);
    const [fromStream] = await store.readStream(s);
    const fromAll = (await store.readAll({ filter: { streamPrefixes: [s] } })).events[0];
    const delivered = await new Promise<unknown>((resolve) => {
      const sub = store.subscribeToAll({
        filter: { streamPrefixes: [s] },
        handler: (events) => {
          resolve(events[0]);
          void sub.stop();
        },
      });
    });
    for (const e of [fromStream, fromAll, delivered])
      expect(e).toMatchObject({ type: 'OrderPlaced', version: 2, data: { quantity: 65 } });
    await store.close();
  });

  it('skips EventStoreDB system events on every read of $all', async () => {
    const server = new FakeKurrent();
    const store = new KurrentEventStore(fakeClient(server));
    for (let i = 0; i < 10; i++) await store.appendToStream(uniqueStream(), [makeEvent('User')]);
    server.system('$UserCreated', '$users');
    expect(server.log.some((e) => e.type.startsWith('$'))).toBe(true);
    const all = await store.readAll({ maxCount: 1000 });
    expect(all.events.map((e) => e.type)).toEqual(Array(10).fill('User'));
    await store.close();
  });

  it('pages a trading-day read, which the server cannot filter, until enough events match', async () => {
    const server = new FakeKurrent();
    const store = new KurrentEventStore(fakeClient(server));
    for (let i = 0; i < 30; i++)
      await store.appendToStream(uniqueStream(), [
        makeEvent('D', { i }, { tradingDay: i % 10 === 9 ? '2025-09-09' : '2025-09-04' }),
      ]);
    const first = await store.readAll({ filter: { tradingDay: '2025-09-09' }, maxCount: 2 });
    expect(first.events.map((e) => (e.data as { i: number }).i)).toEqual([9, 19]);
    expect(first.isEnd).toBe(false);
    const rest = await store.readAll({ from: first.checkpoint, filter: { tradingDay: '2025-09-09' }, maxCount: 2 });
    expect(rest.events.map((e) => (e.data as { i: number }).i)).toEqual([29]);
    expect(rest.isEnd).toBe(true);
    await store.close();
  });

  it('disposes its client on close, and refuses new subscriptions after', async () => {
    const server = new FakeKurrent();
    const store = new KurrentEventStore(fakeClient(server));
    await store.close();
    expect(server.disposed).toBe(true);
    expect(() => store.subscribeToAll({ handler: () => undefined })).toThrow(InvalidArgumentError);
  });
});
