import { randomUUID } from 'node:crypto';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import type { PlaceOrderRequest } from '../../commands/ports/broker';
import { usePgStore } from '../support/pg-store-fixture';
import { makeRig, sbinPlan } from '../support/trading-rig';

/** The hot path of an opening: what reaches the store before the entry goes to the broker. */
describe('a group opens with one commit before its entry is sent', () => {
  const pg = usePgStore();

  const STORE_CALLS = new Set(['appendToStream', 'appendMulti', 'readStream', 'readAll', 'streamVersion']);

  /** The pg.store, every call to it named in `calls` (the calls go through to PostgreSQL). */
  function listened(calls: string[]): PgEventStore {
    return new Proxy(pg.store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || !STORE_CALLS.has(String(prop))) return value;
        return (...args: unknown[]) => {
          calls.push(String(prop));
          return value.apply(target, args);
        };
      },
    });
  }

  it("stores the day's index entry, the opening and the entry's intent in one append, reads nothing, then sends the entry once", async () => {
    const calls: string[] = [];
    const rig = makeRig(listened(calls), `oc${randomUUID().slice(0, 8)}`);
    await rig.tick('SBIN', 80_000);
    const streams = rig.engine.ctx.streams;
    const sent: PlaceOrderRequest[] = [];
    const seen: { calls: string[]; stored: string[][] }[] = [];
    const place = rig.broker.placeOrder.bind(rig.broker);
    rig.broker.placeOrder = async (request) => {
      // What a process dying now would leave: read past the listened pg.store.
      const read = (s: string) => pg.store.readStream(s).then((es) => es.map((e) => e.type));
      seen.push({
        calls: [...calls],
        stored: await Promise.all([
          read(streams.groupIndex('2025-09-04')),
          read(streams.oco('g1')),
          read(streams.order(request.clientOrderId)),
        ]),
      });
      sent.push(request);
      return place(request);
    };

    await rig.engine.openGroup(sbinPlan('g1'));

    expect(sent.map((r) => r.side)).toEqual(['BUY']);
    expect(seen[0]).toEqual({
      calls: ['appendMulti'],
      stored: [['OcoGroupIndexed'], ['OcoGroupOpened', 'OcoLegPlacementRequested'], ['OrderSubmissionRequested']],
    });
    await rig.watcher.idle();
    expect(rig.alerts).toEqual([]);
  });

  it('opening the same plan again (another engine, its stream not new there) stores and sends nothing more', async () => {
    const namespace = `oc${randomUUID().slice(0, 8)}`;
    const first = makeRig(pg.store, namespace);
    await first.tick('SBIN', 80_000);
    await first.engine.openGroup(sbinPlan('g2'));
    const calls: string[] = [];
    const again = makeRig(listened(calls), namespace, first.broker, first.clock);
    await again.engine.openGroup(sbinPlan('g2'));
    // Presumed new, refused by the pg.store, then read and found open: the step-by-step path places nothing.
    expect(calls[0]).toBe('appendMulti');
    expect((await first.broker.orders()).filter((o) => o.side === 'BUY')).toHaveLength(1);
    const stored = await pg.store.readStream(first.engine.ctx.streams.oco('g2'));
    expect(stored.filter((e) => e.type === 'OcoGroupOpened')).toHaveLength(1);
  });
});
