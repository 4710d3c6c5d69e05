import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../adapters/clock/manual-clock';
import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import { planRequestFor } from '../../commands/pipeline/plan-builder';
import { recover } from '../../commands/trading/recovery';
import { parseClientOrderId } from '../../domain/ids/client-order-id';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { createFutureContract } from '../../domain/instruments/contract-factory';
import { InstrumentMaster } from '../../domain/instruments/instrument-master';
import { NIFTY } from '../../domain/instruments/underlyings';
import type { Signal } from '../../domain/signals/signal';
import { usePgStore } from '../support/pg-store-fixture';
import { makeRig } from '../support/trading-rig';

const future = createFutureContract(NIFTY, '2025-09-30' as never);
const KEY = `${future.exchange}:${future.symbol}`;
const LOT = 65;

function signal(at: string): Signal {
  return {
    signalId: 'sig-nifty-big',
    strategy: 'TREND_PULLBACK',
    instrumentKey: KEY,
    side: 'BUY',
    entry: 2_480_000,
    stop: 2_470_000,
    targets: [2_490_000],
    features: {},
    scores: {},
    at,
    configHash: 'cfg',
  };
}

describe('an entry above the freeze quantity (NIFTY future: lot 65, freeze 1,800 units)', () => {
  const pg = usePgStore();

  it('goes out as several orders (even, a lot apart at most, the larger last), protected slice by slice, and closes cleanly', async () => {
    const ns = `fz${randomUUID().slice(0, 8)}`;
    const clock = new ManualClock('2025-09-04T04:00:00.000Z');
    const instruments = InstrumentMaster.of([...builtinInstrumentMaster().all(), future]);
    const broker = new PaperBroker({ clock, instruments, options: { idPrefix: ns.slice(0, 8) } });
    const rig = makeRig(pg.store, ns, broker, clock);
    const tick = async (last: number) => {
      broker.onTick({ key: KEY, ts: clock.nowMs(), last, cumVolume: 0, bid: last - 5, ask: last + 5 });
      await rig.watcher.idle();
    };
    await tick(2_479_995);
    const qty = 61 * LOT; // 3,965 units: 3 orders of at most 27 lots (1,755 units)
    const plan = planRequestFor(signal(clock.nowIso()), instruments, '2025-09-04').ocoPlanFor(qty);
    expect(plan.legs[0]!.freezeQty).toBe(1_800);
    await rig.engine.openGroup(plan);
    await rig.watcher.idle();
    for (let i = 0; i < 3; i++) await tick(2_479_995); // each slice fills; the next goes once it has

    const ours = await broker.orders();
    const entries = ours.filter((o) => parseClientOrderId(o.clientOrderId!)?.leg === 'ENTRY');
    expect(entries.map((o) => o.quantity)).toEqual([20 * LOT, 20 * LOT, 21 * LOT]);
    expect(new Set(entries.map((o) => o.clientOrderId)).size).toBe(3);
    for (const o of entries) {
      expect(o.clientOrderId).toMatch(/^[0-9A-Z]{20}$/);
      expect(o.status).toBe('COMPLETE');
    }
    const { ctx } = rig.engine;
    const group = (await ctx.groups.load(ctx.streams.oco(plan.groupId))).state;
    expect(group.phase).toBe('ACTIVE');
    // The protection follows the filled quantity across slices: every protective order within the freeze quantity.
    const working = ours.filter((o) => ['TRIGGER PENDING', 'OPEN'].includes(o.status));
    const stops = working.filter((o) => parseClientOrderId(o.clientOrderId!)?.leg === 'STOP');
    const targets = working.filter((o) => parseClientOrderId(o.clientOrderId!)?.leg === 'TARGET1');
    expect(stops.reduce((n, o) => n + o.pendingQuantity, 0)).toBe(qty);
    expect(targets.reduce((n, o) => n + o.pendingQuantity, 0)).toBe(qty);
    for (const o of [...stops, ...targets]) expect(o.quantity).toBeLessThanOrEqual(1_800);
    expect(rig.alerts.filter((a) => a.kind === 'ORDER_REJECTED')).toEqual([]);

    // Recovery (a restart) knows every slice: nothing is sent again, nothing is an orphan.
    const restarted = makeRig(pg.store, ns, broker, clock);
    const report = await recover(restarted.engine, pg.store);
    expect(report).toMatchObject({ openGroups: 1, inFlightResolved: 0, orphansCancelled: 0, resent: 0 });
    expect(report.positionMismatches).toEqual([]);
    rig.watcher.stop();

    // The target is hit: every slice of it fills, the stops are cancelled, the group closes flat.
    broker.onTick({ key: KEY, ts: clock.nowMs(), last: 2_490_100, cumVolume: 0, bid: 2_490_095, ask: 2_490_105 });
    await restarted.watcher.idle();
    const closed = (await restarted.engine.ctx.groups.load(ctx.streams.oco(plan.groupId))).state;
    expect(closed.phase).toBe('CLOSED');
    expect(closed.closeReason).toBe('TARGET_HIT');
    expect((await broker.positions()).find((p) => p.instrument === KEY)?.quantity ?? 0).toBe(0);
    expect((await broker.orders()).filter((o) => !['COMPLETE', 'CANCELLED', 'REJECTED'].includes(o.status))).toEqual(
      [],
    );
    expect(restarted.alerts.filter((a) => a.kind === 'ORDER_REJECTED')).toEqual([]);
  });
});
