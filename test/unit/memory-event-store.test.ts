import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '../../adapters/memory/in-memory-event-store';
import type { RecordedEvent } from '../../commands/ports/event-store';
import { IdempotencyConflictError, InvalidArgumentError } from '../../commands/ports/event-store-errors';
import { UpcasterChain } from '../../domain/events/upcaster';
import { eventStoreContract } from '../contract/event-store.contract';
import { makeEvent, uniqueStream } from '../support/events';

describe('in-memory event store (contract)', () => {
  eventStoreContract(async () => {
    const store = new InMemoryEventStore();
    return { store, cleanup: () => store.close() };
  });
});

function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 5);
    };
    tick();
  });
}

describe('in-memory event store specifics', () => {
  let store: InMemoryEventStore;
  beforeEach(() => {
    store = new InMemoryEventStore();
  });
  afterEach(() => store.close());

  it('issues decimal checkpoints and refuses any other form', async () => {
    const r = await store.appendToStream(uniqueStream(), [makeEvent(), makeEvent()]);
    expect(r.position).toBe('2');
    expect((await store.readAll({ from: '1' })).events.map((e) => e.position)).toEqual(['2']);
    expect(await store.readAll({ from: '0' })).toMatchObject({ checkpoint: '2', isEnd: true });
    expect(await store.readAll({ from: '99' })).toEqual({ events: [], checkpoint: '99', isEnd: true });
    for (const bad of ['', '12/34', '-1', '01', '1.5', '1e3', ' 1', '99999999999999999', 7 as unknown as string]) {
      await expect(store.readAll({ from: bad })).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(() => store.subscribeToAll({ from: bad, handler: () => undefined })).toThrow(InvalidArgumentError);
    }
  });

  it('refuses bad read and subscription arguments with the shared errors', async () => {
    const s = uniqueStream();
    await expect(store.readStream(s, { maxCount: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.readStream(s, { fromVersion: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.readStream('')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.streamVersion('a b')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.readAll({ maxCount: 10_001 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.readAll({ filter: { tradingDay: '4 Sep' } })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.readAll({ filter: { eventTypes: 'A' as never } })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(() => store.subscribeToAll({ batchSize: 0, handler: () => undefined })).toThrow(InvalidArgumentError);
    expect(() => store.subscribeToAll({ filter: { streamPrefixes: [1 as never] }, handler: () => undefined })).toThrow(
      InvalidArgumentError,
    );
  });

  it('gives copies: neither the appended objects nor the ones read can change what is stored', async () => {
    const s = uniqueStream();
    const e = makeEvent('A', { legs: [{ qty: 1 }] });
    await store.appendToStream(s, [e]);
    (e.data as { legs: { qty: number }[] }).legs[0]!.qty = 99;
    const [first] = await store.readStream(s);
    (first!.data as { legs: { qty: number }[] }).legs.push({ qty: 5 });
    (first!.metadata as { correlationId: string }).correlationId = 'changed';
    const [again] = await store.readStream(s);
    expect(again!.data).toEqual({ legs: [{ qty: 1 }] });
    expect(again!.metadata.correlationId).toBe('corr-test');
    expect(again!.data).not.toBe(first!.data);
    const got: RecordedEvent[] = [];
    const sub = store.subscribeToAll({ handler: (events) => void got.push(...events) });
    await waitFor(() => got.length === 1, 'delivery');
    await sub.stop();
    expect(got[0]!.data).toEqual({ legs: [{ qty: 1 }] });
    expect(got[0]!.data).not.toBe(again!.data);
  });

  it('round-trips data as JSON does', async () => {
    const s = uniqueStream();
    const data = { at: new Date('2025-09-04T04:00:00.000Z'), gone: undefined, nan: Number.NaN, list: [undefined, 1] };
    await store.appendToStream(s, [makeEvent('J', data, { eventId: randomUUID().toUpperCase() })]);
    const [e] = await store.readStream(s);
    expect(e!.data).toEqual(JSON.parse(JSON.stringify(data)));
    expect(Object.keys(e!.data as object)).toEqual(['at', 'nan', 'list']);
    expect(e!.metadata.eventId).toBe(e!.metadata.eventId.toLowerCase());
    const tricky = JSON.parse('{"__proto__": {"polluted": 1}, "n": [1, {"m": null}]}');
    await store.appendToStream(s, [makeEvent('J', tricky)]);
    const [, t] = await store.readStream(s);
    expect(JSON.stringify(t!.data)).toBe(JSON.stringify(tricky));
    expect(Object.getPrototypeOf(t!.data)).toBe(Object.prototype);
    expect((t!.data as { polluted?: number }).polluted).toBeUndefined();
  });

  it('applies upcasters on every read path', async () => {
    const upcasters = new UpcasterChain([
      { type: 'Old', fromVersion: 1, upcast: (d) => ({ ...(d as object), v2: true }) },
      { type: 'Old', fromVersion: 2, upcast: (d) => ({ ...(d as object), v3: true }) },
    ]);
    const up = new InMemoryEventStore({ upcasters });
    const s = uniqueStream();
    await up.appendToStream(s, [makeEvent('Old', { n: 1 }), makeEvent('New', { n: 2 })]);
    const expected = [
      ['Old', 3, { n: 1, v2: true, v3: true }],
      ['New', 1, { n: 2 }],
    ];
    const shape = (es: RecordedEvent[]) => es.map((e) => [e.type, e.version, e.data]);
    expect(shape(await up.readStream(s))).toEqual(expected);
    expect(shape((await up.readAll()).events)).toEqual(expected);
    const got: RecordedEvent[] = [];
    const sub = up.subscribeToAll({ handler: (events) => void got.push(...events) });
    await waitFor(() => got.length === 2, 'delivery');
    await sub.stop();
    expect(shape(got)).toEqual(expected);
    expect((await up.readStream(s))[0]).toMatchObject({ streamId: s, streamVersion: 0, position: '1' });
    await up.close();
  });

  it('answers a repeat after the stream moved on with the stored position and the current version', async () => {
    const s = uniqueStream();
    const batch = [makeEvent('A'), makeEvent('B')];
    const first = await store.appendToStream(s, batch);
    await store.appendToStream(uniqueStream(), [makeEvent()]);
    await store.appendToStream(s, [makeEvent('C')]);
    expect(await store.appendToStream(s, [batch[1]!, batch[0]!], { expectedVersion: 0 })).toEqual({
      nextExpectedVersion: 2,
      position: first.position,
      duplicate: true,
    });
    const extra = makeEvent('D');
    const err = await store.appendToStream(s, [extra, batch[0]!]).catch((e) => e);
    expect(err).toBeInstanceOf(IdempotencyConflictError);
    expect(err.existingIds).toEqual([batch[0]!.metadata.eventId]);
    expect(await store.streamVersion(s)).toBe(2);
  });

  it('reads a stream backwards from beyond its end and forwards from beyond its end', async () => {
    const s = uniqueStream();
    await store.appendToStream(s, [makeEvent(), makeEvent(), makeEvent()]);
    const back = await store.readStream(s, { direction: 'backwards', fromVersion: 10 });
    expect(back.map((e) => e.streamVersion)).toEqual([2, 1, 0]);
    expect(await store.readStream(s, { fromVersion: 3 })).toEqual([]);
    expect((await store.readStream(s, { direction: 'backwards', maxCount: 1 })).map((e) => e.streamVersion)).toEqual([
      2,
    ]);
  });

  it('pages through a trading day, stream prefixes and event types, resuming from each checkpoint', async () => {
    for (let i = 0; i < 60; i++) {
      const day = i % 3 === 0 ? '2025-09-05' : '2025-09-04';
      await store.appendToStream(`p${i % 2}-${i % 4}`, [
        makeEvent(i % 5 === 0 ? 'Five' : 'Other', { i }, { tradingDay: day }),
      ]);
    }
    await store.appendToStream('p0-null', [makeEvent('Five', { i: 60 }, { tradingDay: null })]);
    const expectRead = async (filter: object, want: (i: number) => boolean, page: number) => {
      const got: number[] = [];
      let cp: string | null = null;
      for (let n = 0; n < 100; n++) {
        const r = await store.readAll({ from: cp, maxCount: page, filter });
        got.push(...r.events.map((e) => (e.data as { i: number }).i));
        expect(r.events.length).toBeLessThanOrEqual(page);
        cp = r.checkpoint;
        if (r.isEnd) break;
      }
      expect(got).toEqual(Array.from({ length: 61 }, (_, i) => i).filter(want));
    };
    await expectRead({ tradingDay: '2025-09-05' }, (i) => i < 60 && i % 3 === 0, 3);
    await expectRead({ tradingDay: '2025-09-05', eventTypes: ['Five'] }, (i) => i < 60 && i % 15 === 0, 1);
    await expectRead({ streamPrefixes: ['p0-'], eventTypes: ['Five'] }, (i) => i % 10 === 0, 2);
    await expectRead({ streamPrefixes: ['p1-1', 'p0-2'] }, (i) => i % 4 === 1 || i % 4 === 2, 7);
    await expectRead({ eventTypes: [] }, () => false, 5);
    await expectRead({}, () => true, 10_000);
    expect(await store.readAll({ filter: { tradingDay: '2025-01-01' } })).toEqual({
      events: [],
      checkpoint: null,
      isEnd: true,
    });
  });

  it('bounds the events one readAll looks at when a filter skips most of them', async () => {
    const batch = () => Array.from({ length: 10_000 }, () => makeEvent('Noise'));
    for (let i = 0; i < 11; i++) await store.appendToStream(`noise-${i}`, batch());
    await store.appendToStream('wanted-1', [makeEvent('Wanted')]);
    const first = await store.readAll({ filter: { eventTypes: ['Wanted'] } });
    expect(first).toEqual({ events: [], checkpoint: '100000', isEnd: false });
    const second = await store.readAll({ from: first.checkpoint, filter: { eventTypes: ['Wanted'] } });
    expect(second.events.map((e) => e.streamId)).toEqual(['wanted-1']);
    expect(second).toMatchObject({ checkpoint: '110001', isEnd: true });
  });

  it('delivers asynchronously: never inside subscribeToAll or the append, also when the handler appends', async () => {
    await store.appendToStream('seed-1', [makeEvent('Seed')]);
    const log: string[] = [];
    const sub = store.subscribeToAll({
      handler: async (events) => {
        for (const e of events) {
          log.push(`got ${e.type}`);
          if (e.type === 'Seed' || e.type === 'Live') {
            log.push('reacting');
            await store.appendToStream('reaction-1', [makeEvent(`${e.type}Reaction`)]);
            log.push('reacted');
          }
        }
      },
    });
    log.push('subscribed');
    await waitFor(() => sub.isLive && log.includes('got SeedReaction'), 'catch-up');
    const appending = store.appendToStream('live-1', [makeEvent('Live')]);
    log.push('appended');
    await appending;
    await waitFor(() => log.includes('got LiveReaction'), 'live delivery');
    await sub.stop();
    expect(log).toEqual([
      'subscribed',
      'got Seed',
      'reacting',
      'reacted',
      'got SeedReaction',
      'appended',
      'got Live',
      'reacting',
      'reacted',
      'got LiveReaction',
    ]);
  });

  it('stops between catch-up batches and keeps the checkpoint of the last batch handled', async () => {
    for (let i = 0; i < 50; i++)
      await store.appendToStream(
        `c-${i % 5}`,
        Array.from({ length: 100 }, () => makeEvent()),
      );
    let calls = 0;
    let stopping: Promise<void> | null = null;
    const sub = store.subscribeToAll({
      batchSize: 100,
      handler: () => {
        calls += 1;
        if (calls === 3) stopping = sub.stop();
      },
    });
    await waitFor(() => stopping !== null, 'three batches');
    await stopping;
    expect(calls).toBe(3);
    expect(sub.checkpoint).toBe('300');
    expect(sub.isLive).toBe(false);
  });

  it('survives an onError that throws, and reports caught-up once on an empty store', async () => {
    let caughtUp = 0;
    const sub = store.subscribeToAll({
      handler: () => {
        throw new Error('broken handler');
      },
      onError: () => {
        throw new Error('broken onError');
      },
      onCaughtUp: () => {
        caughtUp += 1;
      },
    });
    await waitFor(() => sub.isLive, 'caught up');
    await store.appendToStream(uniqueStream(), [makeEvent()]);
    await new Promise((r) => setTimeout(r, 20));
    await expect(sub.stop()).resolves.toBeUndefined();
    expect(caughtUp).toBe(1);
    expect(sub.checkpoint).toBeNull();
  });

  it('close() lets the batch in progress finish, stops the subscriptions and refuses further use', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const inHandler: string[] = [];
    const sub = store.subscribeToAll({
      handler: async (events) => {
        inHandler.push(events[0]!.type);
        await held;
        inHandler.push(`read ${(await store.readStream(events[0]!.streamId)).length}`);
      },
    });
    await store.appendToStream(uniqueStream(), [makeEvent('First')]);
    await waitFor(() => inHandler.length === 1, 'delivery');
    let closed = false;
    const closing = store.close().then(() => {
      closed = true;
    });
    expect(() => store.subscribeToAll({ handler: () => undefined })).toThrow(/closed/);
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false);
    release();
    await closing;
    await store.close();
    expect(inHandler).toEqual(['First', 'read 1']);
    await expect(sub.stop()).resolves.toBeUndefined();
    await expect(store.appendToStream(uniqueStream(), [makeEvent()])).rejects.toThrow(/closed/);
    await expect(store.readAll()).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
