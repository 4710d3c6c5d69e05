import { Transform, type TransformCallback } from 'node:stream';
import type { Position } from '@kurrent/kurrentdb-client';
import { KurrentSubscription, type SubscriptionSource } from '../../adapters/eventstoredb/kurrent-subscription';
import type { RecordedEvent, SubscribeOptions } from '../../commands/ports/event-store';
import { makeEvent } from '../support/events';

type Msg = { n: number; keep?: boolean } | { checkpoint: number } | { caughtUp: true };

const pos = (n: number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });

/**
 * Behaves like the client's subscription: a Transform from server messages to events whose
 * filter checkpoints (awaited callback) and caught-up signal (an event) happen in order,
 * inside _transform, after every earlier event was pushed.
 */
class FakeServerStream extends Transform {
  onCheckpoint: (p: Position) => void = () => undefined;
  unsubscribed = 0;
  constructor(highWaterMark: number) {
    super({ objectMode: true, highWaterMark });
  }
  override _transform(msg: Msg, _enc: BufferEncoding, next: TransformCallback): void {
    if ('checkpoint' in msg) {
      this.onCheckpoint(pos(msg.checkpoint));
      next();
      return;
    }
    if ('caughtUp' in msg) {
      this.emit('caughtUp', {});
      next();
      return;
    }
    next(null, msg);
  }
  async unsubscribe(): Promise<void> {
    this.unsubscribed += 1;
  }
}

function rec(n: number): RecordedEvent {
  return { ...makeEvent('T', { n }), streamId: 's', streamVersion: n, position: `esdb:${n}/${n}` };
}

interface Harness {
  sub: KurrentSubscription;
  server: FakeServerStream;
  send(...msgs: Msg[]): void;
  stopped(): boolean;
}

const open: KurrentSubscription[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.stop()));
});

function subscribe(
  options: Omit<SubscribeOptions, 'handler'> & Partial<Pick<SubscribeOptions, 'handler'>>,
  head: Promise<Position | null> = new Promise(() => undefined),
): Harness {
  const server = new FakeServerStream(16); // buffers ahead of small batches, as the gRPC stream does
  let stopped = false;
  const from = options.from ? pos(Number(options.from.replace(/^esdb:/, '').split('/')[0])) : null;
  const sub = new KurrentSubscription(
    {
      open: (onCheckpoint) => {
        server.onCheckpoint = onCheckpoint;
        return server as unknown as SubscriptionSource;
      },
      head: () => head,
      convert: (item) => {
        const m = item as unknown as { n: number; keep?: boolean };
        return { position: pos(m.n), event: m.keep === false ? null : rec(m.n) };
      },
    },
    { handler: () => undefined, ...options },
    from,
    () => {
      stopped = true;
    },
  );
  open.push(sub);
  const send = (...msgs: Msg[]) => {
    for (const m of msgs) server.write(m);
  };
  return { sub, server, send, stopped: () => stopped };
}

function waitFor(cond: () => boolean, what: string, ms = 2000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 2);
    };
    tick();
  });
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const ns = (events: RecordedEvent[]) => events.map((e) => (e.data as { n: number }).n);

describe('KurrentSubscription (catch-up then live over subscribeToAll)', () => {
  it('hands events over in order, in batches of at most batchSize, one batch at a time', async () => {
    const batches: number[][] = [];
    const checkpoints: string[] = [];
    let inFlight = 0;
    let most = 0;
    const h = subscribe({
      batchSize: 3,
      handler: async (events, cp) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 3));
        batches.push(ns(events));
        checkpoints.push(cp);
        inFlight -= 1;
      },
    });
    h.send(...[1, 2, 3, 4, 5, 6, 7].map((n) => ({ n })));
    await waitFor(() => batches.flat().length === 7, 'seven events');
    await h.sub.stop();
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(3);
    expect(most).toBe(1);
    expect(checkpoints).toEqual(batches.map((b) => `esdb:${b.at(-1)}/${b.at(-1)}`));
    expect(h.sub.checkpoint).toBe('esdb:7/7');
  });

  it('applies a server checkpoint only once the events received before it are handled', async () => {
    const seenCheckpoint: Array<[number, string | null]> = [];
    const gate = deferred();
    const h = subscribe({
      batchSize: 1,
      handler: async (events) => {
        seenCheckpoint.push([ns(events)[0]!, h.sub.checkpoint]);
        if (seenCheckpoint.length === 1) await gate.promise;
      },
    });
    h.send({ n: 1 }, { n: 2 }, { n: 3 }, { checkpoint: 10 }, { n: 11 });
    await waitFor(() => seenCheckpoint.length === 1, 'the first batch');
    await new Promise((r) => setTimeout(r, 20));
    expect(h.sub.checkpoint).toBeNull();
    gate.resolve();
    await waitFor(() => seenCheckpoint.length === 4, 'every event');
    await h.sub.stop();
    expect(seenCheckpoint).toEqual([
      [1, null],
      [2, 'esdb:1/1'],
      [3, 'esdb:2/2'],
      [11, 'esdb:10/10'],
    ]);
    expect(h.sub.checkpoint).toBe('esdb:11/11');
  });

  it('moves the checkpoint past a stretch of filtered-out events without calling the handler', async () => {
    let calls = 0;
    const h = subscribe({
      handler: () => {
        calls += 1;
      },
    });
    h.send({ n: 1, keep: false }, { n: 2, keep: false });
    await waitFor(() => h.sub.checkpoint === 'esdb:2/2', 'the checkpoint to move');
    await h.sub.stop();
    expect(calls).toBe(0);
  });

  it('reports caught-up after the events before the signal were handled, once, then stays live', async () => {
    const log: string[] = [];
    const gate = deferred();
    const h = subscribe({
      batchSize: 1,
      handler: async (events) => {
        log.push(`event ${ns(events)[0]}`);
        if (log.length === 1) await gate.promise;
      },
      onCaughtUp: () => log.push('caught up'),
    });
    h.send({ n: 1 }, { n: 2 }, { caughtUp: true }, { n: 3 }, { caughtUp: true }, { n: 4 });
    await waitFor(() => log.length >= 1, 'the first event');
    expect(h.sub.isLive).toBe(false);
    gate.resolve();
    await waitFor(() => log.length === 5, 'every event');
    await h.sub.stop();
    expect(log).toEqual(['event 1', 'event 2', 'caught up', 'event 3', 'event 4']);
    expect(h.sub.isLive).toBe(true);
  });

  it('without a caught-up signal (older servers), is caught up when it reaches the head seen at the start', async () => {
    const log: string[] = [];
    const h = subscribe(
      {
        handler: (events) => {
          log.push(...ns(events).map((n) => `event ${n}`));
        },
        onCaughtUp: () => log.push('caught up'),
      },
      Promise.resolve(pos(3)),
    );
    h.send({ n: 1 }, { n: 2 });
    await waitFor(() => log.length === 2, 'two events');
    await new Promise((r) => setTimeout(r, 20));
    expect(h.sub.isLive).toBe(false);
    h.send({ n: 3 });
    await waitFor(() => log.includes('caught up'), 'catch-up');
    await h.sub.stop();
    expect(log).toEqual(['event 1', 'event 2', 'event 3', 'caught up']);
  });

  it('is caught up at once over an empty store, or from a checkpoint at the head', async () => {
    let empty = 0;
    const a = subscribe({ onCaughtUp: () => (empty += 1) }, Promise.resolve(null));
    await waitFor(() => empty === 1, 'catch-up over an empty store');
    await a.sub.stop();
    let atHead = 0;
    const b = subscribe({ from: 'esdb:9/9', onCaughtUp: () => (atHead += 1) }, Promise.resolve(pos(9)));
    await waitFor(() => atHead === 1, 'catch-up from the head');
    await b.sub.stop();
    expect([a.sub.isLive, b.sub.isLive]).toEqual([true, true]);
  });

  it('never delivers an event at or before its start position', async () => {
    const got: number[] = [];
    const h = subscribe({ from: 'esdb:5/5', handler: (events) => void got.push(...ns(events)) });
    h.send({ n: 4 }, { n: 5 }, { n: 6 });
    await waitFor(() => got.length > 0, 'an event');
    await h.sub.stop();
    expect(got).toEqual([6]);
  });

  it('stops on a failing handler, reports it once, and keeps the checkpoint before the failed batch', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const h = subscribe({
      from: 'esdb:5/5',
      handler: () => {
        calls += 1;
        throw new Error('handler broke');
      },
      onError: (e) => errors.push(e),
    });
    h.send({ n: 6 }, { n: 7 });
    await waitFor(() => h.stopped(), 'the subscription to stop');
    await h.sub.stop();
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('handler broke');
    expect(h.sub.checkpoint).toBe('esdb:5/5');
    expect(h.server.unsubscribed).toBe(1);
  });

  it('reports a dropped server subscription and an unexpected end as errors', async () => {
    const dropped: unknown[] = [];
    const a = subscribe({ onError: (e) => dropped.push(e) });
    a.server.emit('error', new Error('connection reset'));
    await waitFor(() => a.stopped(), 'stop after the error');
    const ended: unknown[] = [];
    const b = subscribe({ onError: (e) => ended.push(e) });
    b.server.end();
    b.server.resume();
    await waitFor(() => b.stopped(), 'stop after the end');
    expect((dropped[0] as Error).message).toBe('connection reset');
    expect((ended[0] as Error).message).toMatch(/ended without being stopped/);
  });

  it('stops when asked: unsubscribes, reports nothing, and delivers nothing more', async () => {
    const got: number[] = [];
    const errors: unknown[] = [];
    const h = subscribe({ handler: (events) => void got.push(...ns(events)), onError: (e) => errors.push(e) });
    h.send({ n: 1 });
    await waitFor(() => got.length === 1, 'the first event');
    await h.sub.stop();
    h.send({ n: 2 });
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual([1]);
    expect(errors).toEqual([]);
    expect(h.server.unsubscribed).toBe(1);
    expect(h.stopped()).toBe(true);
  });
});
