import { randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '../../commands/ports/event-store';
import {
  IdempotencyConflictError,
  InvalidArgumentError,
  WrongExpectedVersionError,
} from '../../commands/ports/event-store-errors';
import { makeEvent, uniqueStream } from '../support/events';

export interface StoreUnderTest {
  store: EventStore;
  cleanup(): Promise<void>;
}

/** Reads every event after `from` via readAll, in pages. */
async function readEverything(store: EventStore, from: string | null = null, page = 500): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let cp = from;
  for (;;) {
    const r = await store.readAll({ from: cp, maxCount: page });
    all.push(...r.events);
    cp = r.checkpoint;
    if (r.isEnd) return all;
  }
}

/**
 * Reads until `done` holds (or 10 s pass) and returns the last read: a store may show a commit in
 * its global order only a moment later (PostgreSQL waits for older transactions on the server).
 */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 10_000;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 10));
    value = await read();
  }
  return value;
}

function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

export interface ContractOptions {
  /**
   * Whether appendMulti is atomic against concurrent writers too (PostgreSQL, memory), not only
   * against a refusal it can check first (EventStoreDB appends its writes in turn: see the port).
   */
  readonly multiAppendAtomicUnderRaces?: boolean;
}

/**
 * The event store contract: every implementation of the EventStore port must pass it.
 * `make` gives a store over an empty database.
 */
export function eventStoreContract(make: () => Promise<StoreUnderTest>, options: ContractOptions = {}): void {
  let sut: StoreUnderTest;
  let store: EventStore;
  beforeAll(async () => {
    sut = await make();
    store = sut.store;
  });
  afterAll(async () => {
    await sut?.cleanup();
  });

  describe('appending and reading a stream', () => {
    it('appends to a new stream and reads the events back in order with their envelopes', async () => {
      const s = uniqueStream();
      const events = [makeEvent('A', { n: 1 }), makeEvent('B', { n: 2 }), makeEvent('C', { n: 3 })];
      const r = await store.appendToStream(s, events, { expectedVersion: 'no_stream' });
      expect(r).toMatchObject({ nextExpectedVersion: 2, duplicate: false });
      const read = await store.readStream(s);
      expect(read.map((e) => [e.type, e.streamVersion, e.data])).toEqual([
        ['A', 0, { n: 1 }],
        ['B', 1, { n: 2 }],
        ['C', 2, { n: 3 }],
      ]);
      expect(read[2]!.metadata).toEqual(events[2]!.metadata);
      expect(read[2]!.position).toBe(r.position);
      expect(await store.streamVersion(s)).toBe(2);
      expect(await store.streamVersion(uniqueStream())).toBe(-1);
    });

    it('reads backwards, from a version, and at most maxCount', async () => {
      const s = uniqueStream();
      await store.appendToStream(
        s,
        Array.from({ length: 10 }, (_, i) => makeEvent('N', { i })),
      );
      const back = await store.readStream(s, { direction: 'backwards', maxCount: 3 });
      expect(back.map((e) => e.streamVersion)).toEqual([9, 8, 7]);
      const from = await store.readStream(s, { fromVersion: 6, maxCount: 2 });
      expect(from.map((e) => e.streamVersion)).toEqual([6, 7]);
      const backFrom = await store.readStream(s, { direction: 'backwards', fromVersion: 2 });
      expect(backFrom.map((e) => e.streamVersion)).toEqual([2, 1, 0]);
      expect(await store.readStream(uniqueStream())).toEqual([]);
    });
  });

  describe('optimistic concurrency', () => {
    it('refuses no_stream on an existing stream, saying where it is', async () => {
      const s = uniqueStream();
      await store.appendToStream(s, [makeEvent()], { expectedVersion: 'no_stream' });
      const err = await store.appendToStream(s, [makeEvent()], { expectedVersion: 'no_stream' }).catch((e) => e);
      expect(err).toBeInstanceOf(WrongExpectedVersionError);
      expect(err).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', stream: s, actual: 0 });
    });

    it('refuses stream_exists on a missing stream and an exact version that moved on', async () => {
      const s = uniqueStream();
      await expect(store.appendToStream(s, [makeEvent()], { expectedVersion: 'stream_exists' })).rejects.toMatchObject({
        code: 'WRONG_EXPECTED_VERSION',
        actual: -1,
      });
      await store.appendToStream(s, [makeEvent(), makeEvent()], { expectedVersion: 'no_stream' });
      await expect(store.appendToStream(s, [makeEvent()], { expectedVersion: 0 })).rejects.toMatchObject({
        code: 'WRONG_EXPECTED_VERSION',
        expected: 0,
        actual: 1,
      });
      const ok = await store.appendToStream(s, [makeEvent()], { expectedVersion: 1 });
      expect(ok.nextExpectedVersion).toBe(2);
      await store.appendToStream(s, [makeEvent()], { expectedVersion: 'stream_exists' });
      await store.appendToStream(s, [makeEvent()], { expectedVersion: 'any' });
      expect(await store.streamVersion(s)).toBe(4);
    });

    it('lets exactly one of many racing appends at the same expected version win', async () => {
      const s = uniqueStream();
      await store.appendToStream(s, [makeEvent()]);
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => store.appendToStream(s, [makeEvent()], { expectedVersion: 0 })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((x) => x.status === 'rejected'))
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
      expect(await store.streamVersion(s)).toBe(1);
    });
  });

  describe('idempotency by event ID', () => {
    it('treats a repeated append of the same events as a no-op reporting the stored position', async () => {
      const s = uniqueStream();
      const batch = [makeEvent('A'), makeEvent('B')];
      const first = await store.appendToStream(s, batch, { expectedVersion: 'no_stream' });
      const again = await store.appendToStream(s, batch, { expectedVersion: 'no_stream' });
      expect(again).toEqual({ ...first, duplicate: true });
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('stores racing duplicate appends once', async () => {
      const s = uniqueStream();
      const batch = [makeEvent('A'), makeEvent('B'), makeEvent('C')];
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.appendToStream(s, batch, { expectedVersion: 'any' })),
      );
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(new Set(results.map((r) => r.position)).size).toBe(1);
      const read = await store.readStream(s);
      expect(read.map((e) => e.metadata.eventId)).toEqual(batch.map((e) => e.metadata.eventId));
    });

    it('refuses a batch that is partly stored already, writing nothing', async () => {
      const s = uniqueStream();
      const a = makeEvent('A');
      await store.appendToStream(s, [a]);
      const err = await store.appendToStream(s, [a, makeEvent('B')]).catch((e) => e);
      expect(err).toBeInstanceOf(IdempotencyConflictError);
      expect(await store.readStream(s)).toHaveLength(1);
    });

    it('allows the same event ID in two different streams', async () => {
      const e = makeEvent('A');
      const r1 = await store.appendToStream(uniqueStream(), [e]);
      const r2 = await store.appendToStream(uniqueStream(), [e]);
      expect([r1.duplicate, r2.duplicate]).toEqual([false, false]);
    });
  });

  describe('bad input gets a clear error and writes nothing', () => {
    const cases: Array<[string, () => [string, unknown[], unknown]]> = [
      ['an unknown expected-version form', () => [uniqueStream(), [makeEvent()], 'latest']],
      ['a negative expected version', () => [uniqueStream(), [makeEvent()], -3]],
      ['a fractional expected version', () => [uniqueStream(), [makeEvent()], 1.5]],
      ['an event without type', () => [uniqueStream(), [{ ...makeEvent(), type: '' }], 'any']],
      ['an event whose ID is not a UUID', () => [uniqueStream(), [makeEvent('A', {}, { eventId: 'x1' })], 'any']],
      ['a local timestamp', () => [uniqueStream(), [makeEvent('A', {}, { occurredAt: '2025-09-04T09:15:00' })], 'any']],
      ['an oversized payload', () => [uniqueStream(), [makeEvent('A', { blob: 'x'.repeat(1_100_000) })], 'any']],
      ['an empty batch', () => [uniqueStream(), [], 'any']],
      ['an empty stream name', () => ['', [makeEvent()], 'any']],
      [
        'a batch repeating one event ID',
        () => {
          const e = makeEvent();
          return [uniqueStream(), [e, e], 'any'];
        },
      ],
      ['a valid event followed by an invalid one', () => [uniqueStream(), [makeEvent(), { type: 'X' }], 'any']],
    ];
    it.each(cases)('refuses %s', async (_what, make) => {
      const [s, events, expected] = make();
      const err = await store
        .appendToStream(s, events as never, { expectedVersion: expected as never })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message.length).toBeGreaterThan(10);
      if (s) expect(await store.streamVersion(s)).toBe(-1);
      // Nothing of the batch anywhere in the global order (other streams may grow meanwhile:
      // counting the whole log would race with what becomes readable concurrently).
      const ids = new Set(
        (events as Array<{ metadata?: { eventId?: string } }>).map((e) => e?.metadata?.eventId).filter(Boolean),
      );
      const stored = await readEverything(store);
      expect(stored.filter((e) => (s && e.streamId === s) || ids.has(e.metadata.eventId))).toEqual([]);
    });

    it('refuses a malformed checkpoint', async () => {
      await expect(store.readAll({ from: 'not-a-checkpoint' })).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(() => store.subscribeToAll({ from: '12;drop table', handler: () => undefined })).toThrow(
        InvalidArgumentError,
      );
    });
  });

  describe('the global order', () => {
    it('reads everything in pages from an opaque checkpoint, each event once', async () => {
      const head = (await readEverything(store)).at(-1)?.position ?? null;
      const s1 = uniqueStream('page');
      const s2 = uniqueStream('page');
      for (let i = 0; i < 5; i++) {
        await store.appendToStream(s1, [makeEvent('P', { i }), makeEvent('P', { i: i + 100 })]);
        await store.appendToStream(s2, [makeEvent('Q', { i })]);
      }
      const mine = (es: RecordedEvent[]) => es.filter((e) => e.streamId === s1 || e.streamId === s2);
      const after = await eventually(
        () => readEverything(store, head, 4),
        (es) => mine(es).length >= 15,
      );
      expect(new Set(after.map((e) => e.position)).size).toBe(after.length);
      expect(mine(after).map((e) => `${e.streamId}:${e.streamVersion}`)).toEqual([
        ...[0, 1, 2, 3, 4].flatMap((i) => [`${s1}:${2 * i}`, `${s1}:${2 * i + 1}`, `${s2}:${i}`]),
      ]);
    });

    it('filters by event type, stream prefix and trading day', async () => {
      const prefix = `flt${randomUUID().slice(0, 6)}`;
      await store.appendToStream(`${prefix}-a`, [makeEvent('Kept', {}, { tradingDay: '2025-09-05' })]);
      await store.appendToStream(`${prefix}-b`, [makeEvent('Dropped', {}, { tradingDay: '2025-09-05' })]);
      await store.appendToStream(`other-${prefix}`, [makeEvent('Kept', {}, { tradingDay: '2025-09-08' })]);
      const byPrefix = await eventually(
        () => store.readAll({ filter: { streamPrefixes: [`${prefix}-`] }, maxCount: 10_000 }),
        (r) => r.events.length >= 2,
      );
      expect(byPrefix.events.map((e) => e.type)).toEqual(['Kept', 'Dropped']);
      const both = await eventually(
        () =>
          store.readAll({
            filter: { streamPrefixes: [`${prefix}-`, `other-${prefix}`], eventTypes: ['Kept'] },
            maxCount: 10_000,
          }),
        (r) => r.events.length >= 2,
      );
      expect(both.events.map((e) => e.streamId)).toEqual([`${prefix}-a`, `other-${prefix}`]);
      const day = await eventually(
        () => store.readAll({ filter: { tradingDay: '2025-09-08' }, maxCount: 10_000 }),
        (r) => r.events.some((e) => e.streamId === `other-${prefix}`),
      );
      expect(day.events.some((e) => e.streamId === `other-${prefix}`)).toBe(true);
      expect(day.events.every((e) => e.metadata.tradingDay === '2025-09-08')).toBe(true);
    });
  });

  describe('what jobs need of the global order: checkpoints compared, lag counted, settled, a day read', () => {
    it('orders checkpoints as the global order does, and refuses a malformed one', async () => {
      const a = await store.appendToStream(uniqueStream('cmp'), [makeEvent('A')]);
      const b = await store.appendToStream(uniqueStream('cmp'), [makeEvent('B')]);
      expect(store.compareCheckpoints(a.position, b.position)).toBeLessThan(0);
      expect(store.compareCheckpoints(b.position, a.position)).toBeGreaterThan(0);
      expect(store.compareCheckpoints(a.position, a.position)).toBe(0);
      expect(() => store.compareCheckpoints('not a checkpoint', a.position)).toThrow(InvalidArgumentError);
    });

    it('counts the events after a checkpoint that match a filter (lag), by type, prefix and trading day', async () => {
      await store.settle();
      const head = (await readEverything(store)).at(-1)?.position ?? null;
      const prefix = `lag${randomUUID().slice(0, 6)}-`;
      await store.appendToStream(`${prefix}a`, [
        makeEvent('One', {}, { tradingDay: '2025-09-05' }),
        makeEvent('Two', {}, { tradingDay: '2025-09-05' }),
      ]);
      const last = await store.appendToStream(`${prefix}b`, [makeEvent('One', {}, { tradingDay: '2025-09-08' })]);
      await store.settle();
      expect(await store.countAfter(head, { streamPrefixes: [prefix] })).toBe(3);
      expect(await store.countAfter(head, { streamPrefixes: [prefix], eventTypes: ['One'] })).toBe(2);
      expect(await store.countAfter(head, { streamPrefixes: [prefix], tradingDay: '2025-09-05' })).toBe(2);
      expect(await store.countAfter(last.position, { streamPrefixes: [prefix] })).toBe(0);
      expect(await store.countAfter(head)).toBeGreaterThanOrEqual(3);
      await expect(store.countAfter('not a checkpoint')).rejects.toThrow(InvalidArgumentError);
      await expect(store.countAfter(head, { tradingDay: '5 Sep' })).rejects.toThrow(InvalidArgumentError);
    });

    it('once settled, every completed append is readable in the global order at once', async () => {
      const prefix = `settle${randomUUID().slice(0, 6)}-`;
      await Promise.all([0, 1, 2, 3].map((i) => store.appendToStream(`${prefix}${i}`, [makeEvent('S')])));
      await store.settle();
      const r = await store.readAll({ filter: { streamPrefixes: [prefix] }, maxCount: 100 });
      expect(r.events).toHaveLength(4);
    });

    it("reads a trading day's events page by page, in the global order, each once, and no other day's", async () => {
      const day = `2031-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 10)}`;
      const prefix = `day${randomUUID().slice(0, 6)}-`;
      const written: string[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await store.appendToStream(`${prefix}${i % 2}`, [
          makeEvent('OnDay', { i }, { tradingDay: day }),
          makeEvent('OtherDay', { i }, { tradingDay: '2031-12-31' }),
        ]);
        written.push(r.position);
      }
      await store.settle();
      const seen: { i: number; position: string }[] = [];
      let from: string | null = null;
      for (let pages = 0; pages < 20; pages++) {
        const page: Awaited<ReturnType<EventStore['readAll']>> = await store.readAll({
          from,
          maxCount: 2,
          filter: { tradingDay: day, streamPrefixes: [prefix] },
        });
        for (const e of page.events) seen.push({ i: (e.data as { i: number }).i, position: e.position });
        from = page.checkpoint;
        if (page.isEnd) break;
      }
      expect(seen.map((s) => s.i)).toEqual([0, 1, 2, 3, 4]);
      const sorted = [...seen].sort((a, b) => store.compareCheckpoints(a.position, b.position));
      expect(sorted).toEqual(seen);
      expect(await store.countAfter(null, { tradingDay: day })).toBe(5);
    });
  });

  describe('an atomic append to several streams (appendMulti)', () => {
    const streamsOf = (prefix: string) => [`${prefix}-index`, `${prefix}-group`, `${prefix}-order`];

    it('writes every stream with its own version check, in the order given, in the global order and the trading day', async () => {
      const day = `2032-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 10)}`;
      const prefix = `multi${randomUUID().slice(0, 6)}`;
      const [index, group, order] = streamsOf(prefix);
      await store.appendToStream(index!, [makeEvent('Earlier', {}, { tradingDay: day })]);
      const on = (type: string, n: number) => makeEvent(type, { n }, { tradingDay: day });
      const r = await store.appendMulti([
        { stream: index!, events: [on('Indexed', 1)], expectedVersion: 0 },
        { stream: group!, events: [on('Opened', 2), on('LegRequested', 3)], expectedVersion: 'no_stream' },
        { stream: order!, events: [on('Submitted', 4)] },
      ]);
      expect(r.map((x) => [x.nextExpectedVersion, x.duplicate])).toEqual([
        [1, false],
        [1, false],
        [0, false],
      ]);
      expect((await store.readStream(group!)).map((e) => [e.type, e.streamVersion, e.position])).toEqual([
        ['Opened', 0, expect.any(String)],
        ['LegRequested', 1, r[1]!.position],
      ]);
      await store.settle();
      const inOrder = await readEverything(store);
      const mine = inOrder.filter((e) => e.streamId.startsWith(prefix)).map((e) => e.type);
      expect(mine).toEqual(['Earlier', 'Indexed', 'Opened', 'LegRequested', 'Submitted']);
      const byDay = await store.readAll({ filter: { tradingDay: day, streamPrefixes: [prefix] }, maxCount: 100 });
      expect(byDay.events.map((e) => (e.data as { n?: number }).n ?? 0)).toEqual([0, 1, 2, 3, 4]);
      expect(store.compareCheckpoints(r[0]!.position, r[2]!.position)).toBeLessThan(0);
    });

    it('writes nothing on any stream when one expected version is stale, and says which', async () => {
      const [index, group, order] = streamsOf(`multi${randomUUID().slice(0, 6)}`);
      await store.appendToStream(group!, [makeEvent('AlreadyOpened')]);
      const err = await store
        .appendMulti([
          { stream: index!, events: [makeEvent('Indexed')] },
          { stream: group!, events: [makeEvent('Opened')], expectedVersion: 'no_stream' },
          { stream: order!, events: [makeEvent('Submitted')], expectedVersion: 'no_stream' },
        ])
        .catch((e) => e);
      expect(err).toBeInstanceOf(WrongExpectedVersionError);
      expect(err).toMatchObject({ stream: group, actual: 0 });
      expect(await store.streamVersion(index!)).toBe(-1);
      expect(await store.streamVersion(order!)).toBe(-1);
      expect((await store.readStream(group!)).map((e) => e.type)).toEqual(['AlreadyOpened']);
      await store.settle();
      expect((await readEverything(store)).some((e) => e.streamId === index || e.streamId === order)).toBe(false);
    });

    it('writes nothing when one write overlaps events stored already (idempotency conflict)', async () => {
      const [index, group] = streamsOf(`multi${randomUUID().slice(0, 6)}`);
      const stored = makeEvent('Opened');
      await store.appendToStream(group!, [stored]);
      await expect(
        store.appendMulti([
          { stream: index!, events: [makeEvent('Indexed')] },
          { stream: group!, events: [stored, makeEvent('More')] },
        ]),
      ).rejects.toBeInstanceOf(IdempotencyConflictError);
      expect(await store.streamVersion(index!)).toBe(-1);
      expect(await store.streamVersion(group!)).toBe(0);
    });

    it('is idempotent by event ID: repeated, it writes nothing and reports each write a duplicate at its stored position', async () => {
      const [index, group, order] = streamsOf(`multi${randomUUID().slice(0, 6)}`);
      const writes = [
        { stream: index!, events: [makeEvent('Indexed')] },
        {
          stream: group!,
          events: [makeEvent('Opened'), makeEvent('LegRequested')],
          expectedVersion: 'no_stream' as const,
        },
        { stream: order!, events: [makeEvent('Submitted')], expectedVersion: 'no_stream' as const },
      ];
      const first = await store.appendMulti(writes);
      const again = await store.appendMulti(writes);
      expect(again).toEqual(first.map((r) => ({ ...r, duplicate: true })));
      expect(await store.streamVersion(group!)).toBe(1);
      // A write stored already refuses nothing: the others of the call are written.
      const later = await store.appendMulti([
        writes[0]!,
        { stream: order!, events: [makeEvent('Accepted')], expectedVersion: 0 },
      ]);
      expect(later.map((r) => r.duplicate)).toEqual([true, false]);
      expect(await store.streamVersion(order!)).toBe(1);
    });

    it('refuses no write, a stream twice, or a bad write, writing nothing', async () => {
      const [index, group] = streamsOf(`multi${randomUUID().slice(0, 6)}`);
      await expect(store.appendMulti([])).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(
        store.appendMulti([
          { stream: index!, events: [makeEvent()] },
          { stream: index!, events: [makeEvent()] },
        ]),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(
        store.appendMulti([
          { stream: index!, events: [makeEvent()] },
          { stream: group!, events: [] },
        ]),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(await store.streamVersion(index!)).toBe(-1);
    });

    it('lets exactly one of racing multi-stream appends that expect the same new stream win, and only its writes stand', async () => {
      const [index, group] = streamsOf(`multi${randomUUID().slice(0, 6)}`);
      const racers = Array.from({ length: 6 }, (_, i) =>
        store.appendMulti([
          { stream: `${index}-${i}`, events: [makeEvent('Indexed', { i })] },
          { stream: group!, events: [makeEvent('Opened', { i })], expectedVersion: 'no_stream' },
        ]),
      );
      const outcomes = await Promise.allSettled(racers);
      const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
      expect(won).toHaveLength(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedVersionError);
      const versions = await Promise.all(racers.map((_, i) => store.streamVersion(`${index}-${i}`)));
      if (options.multiAppendAtomicUnderRaces ?? true)
        expect(versions).toEqual(racers.map((_, i) => (i === won[0] ? 0 : -1)));
      else expect(versions[won[0]!]).toBe(0); // a loser's earlier writes may stand
      expect((await store.readStream(group!)).map((e) => e.data)).toEqual([{ i: won[0] }]);
    });
  });

  describe('subscriptions', () => {
    it('delivers every event exactly once, in stream order, to a live subscriber while 8 writers append 5,000 each', async () => {
      const start = (await readEverything(store)).at(-1)?.position ?? null;
      const prefix = `conc${randomUUID().slice(0, 6)}-`;
      const seen = new Map<string, number>();
      const order = new Map<string, number>();
      let outOfOrder = 0;
      const sub = store.subscribeToAll({
        from: start,
        filter: { streamPrefixes: [prefix] },
        batchSize: 1000,
        handler: (events) => {
          for (const e of events) {
            seen.set(e.metadata.eventId, (seen.get(e.metadata.eventId) ?? 0) + 1);
            const last = order.get(e.streamId) ?? -1;
            if (e.streamVersion !== last + 1) outOfOrder += 1;
            order.set(e.streamId, e.streamVersion);
          }
        },
      });
      const WRITERS = 8;
      const PER_WRITER = 5000;
      const written: string[] = [];
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => {
          let n = 0;
          let k = 0;
          while (n < PER_WRITER) {
            const size = Math.min(PER_WRITER - n, 1 + ((w * 7 + k * 13) % 12));
            const stream = `${prefix}${w}-${k % 5}`;
            const batch = Array.from({ length: size }, (_, i) => makeEvent('Conc', { w, n: n + i }));
            await store.appendToStream(stream, batch);
            for (const e of batch) written.push(e.metadata.eventId);
            n += size;
            k += 1;
          }
        }),
      );
      await waitFor(() => seen.size >= WRITERS * PER_WRITER, 60_000, 'the subscriber to see every event');
      await new Promise((r) => setTimeout(r, 200));
      await sub.stop();
      expect(written).toHaveLength(WRITERS * PER_WRITER);
      expect(seen.size).toBe(WRITERS * PER_WRITER);
      expect([...seen.values()].every((c) => c === 1)).toBe(true);
      expect(written.every((id) => seen.has(id))).toBe(true);
      expect(outOfOrder).toBe(0);
    });

    it('resumes from its checkpoint after a stop without skipping or repeating', async () => {
      const prefix = `resume${randomUUID().slice(0, 6)}-`;
      const start = (await readEverything(store)).at(-1)?.position ?? null;
      for (let i = 0; i < 30; i++) await store.appendToStream(`${prefix}${i % 3}`, [makeEvent('R', { i })]);
      const got: number[] = [];
      let stopAt: string | null = null;
      const first = store.subscribeToAll({
        from: start,
        filter: { streamPrefixes: [prefix] },
        batchSize: 7,
        handler: (events, cp) => {
          if (stopAt) return;
          for (const e of events) got.push((e.data as { i: number }).i);
          if (got.length >= 14) stopAt = cp;
        },
      });
      await waitFor(() => stopAt !== null, 10_000, 'the first subscriber to reach 14');
      await first.stop();
      expect(first.checkpoint).not.toBeNull();
      const resumeFrom = stopAt as string | null;
      for (let i = 30; i < 40; i++) await store.appendToStream(`${prefix}${i % 3}`, [makeEvent('R', { i })]);
      const second = store.subscribeToAll({
        from: resumeFrom,
        filter: { streamPrefixes: [prefix] },
        handler: (events) => {
          for (const e of events) got.push((e.data as { i: number }).i);
        },
      });
      await waitFor(() => got.length >= 40, 10_000, 'the resumed subscriber to reach 40');
      await new Promise((r) => setTimeout(r, 100));
      await second.stop();
      expect(got).toEqual(Array.from({ length: 40 }, (_, i) => i));
    });

    it('reports caught-up, then goes live and delivers new appends', async () => {
      const prefix = `live${randomUUID().slice(0, 6)}-`;
      await store.appendToStream(`${prefix}x`, [makeEvent('Before')]);
      const types: string[] = [];
      let caughtUp = false;
      const sub = store.subscribeToAll({
        filter: { streamPrefixes: [prefix] },
        handler: (events) => {
          types.push(...events.map((e) => e.type));
        },
        onCaughtUp: () => {
          caughtUp = true;
        },
      });
      await waitFor(() => caughtUp, 10_000, 'catch-up');
      expect(sub.isLive).toBe(true);
      await store.appendToStream(`${prefix}x`, [makeEvent('After')]);
      await waitFor(() => types.length === 2, 5_000, 'the live event');
      await sub.stop();
      expect(types).toEqual(['Before', 'After']);
    });

    it('stops on a failing handler, reports the error and keeps the checkpoint before the failed batch', async () => {
      const prefix = `fail${randomUUID().slice(0, 6)}-`;
      const start = (await readEverything(store)).at(-1)?.position ?? null;
      await store.appendToStream(`${prefix}x`, [makeEvent('Ok')]);
      const errors: unknown[] = [];
      let calls = 0;
      const sub = store.subscribeToAll({
        from: start,
        filter: { streamPrefixes: [prefix] },
        handler: () => {
          calls += 1;
          throw new Error('handler broke');
        },
        onError: (e) => errors.push(e),
      });
      await waitFor(() => errors.length === 1, 5_000, 'the error');
      await sub.stop();
      expect(calls).toBe(1);
      expect(sub.checkpoint).toBe(start);
    });
  });
}
