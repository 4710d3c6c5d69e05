import type { OcoPlan } from '../../domain/oco/oco-plan';
import { listFills, listOrders } from '../../projections/queries/orders-queries';
import { dailyPnl, pnlCurve } from '../../projections/queries/pnl-queries';
import { listPositions, type PositionView } from '../../projections/queries/positions-queries';
import { usePgStore } from '../support/pg-store-fixture';
import { DAY, makeBookRig, project } from '../support/read-model-rig';
import { sbinPlan } from '../support/trading-rig';

/** A SELL (short) version of the SBIN plan: entry below the market, stop above, target below. */
function shortPlan(groupId: string, qty: number): OcoPlan {
  const p = sbinPlan(groupId, qty, 79_995, 80_500, 79_000);
  return { ...p, legs: [{ ...p.legs[0]!, side: 'SELL' }] };
}

describe('read models: orders, fills, positions, daily P&L', () => {
  const pg = usePgStore();

  const sbin = async (ns: string): Promise<PositionView> => {
    const [p] = await listPositions(pg.db.pool, { namespace: ns, tradingDay: DAY, instrumentKey: 'NSE:SBIN' });
    if (!p) throw new Error('no SBIN position');
    return p;
  };

  it('a long closed at its target: orders, protection while open, unrealised and MFE/MAE at marks, exact realised P&L and its curve', async () => {
    const rig = makeBookRig(pg.store);
    await rig.tick('SBIN', 80_000);
    await rig.openGroup(sbinPlan('long1', 10)); // BUY 10 at 80,005; stop 79,500; target 81,000
    await project(pg.store, pg.db.pool);

    let p = await sbin(rig.ns);
    expect(p).toMatchObject({
      netQty: 10,
      direction: 'LONG',
      avgPrice: 80_005,
      stopPrices: [79_500],
      targetPrices: [81_000],
      realised: 0,
      unrealised: null, // open and never marked: no made-up price
      total: null,
      mfe: 0,
      mae: 0,
    });
    const working = await listOrders(pg.db.pool, { namespace: rig.ns, workingOnly: true });
    expect(working.items.map((o) => [o.legRole, o.side, o.orderType, o.qty, o.status]).sort()).toEqual([
      ['STOP', 'SELL', 'SL-M', 10, 'TRIGGER_PENDING'],
      ['TARGET1', 'SELL', 'LIMIT', 10, 'OPEN'],
    ]);
    expect((await dailyPnl(pg.db.pool, rig.ns, DAY))?.total).toBeNull();

    await rig.advance(5_000);
    await rig.marks({ 'NSE:SBIN': 80_300 });
    await rig.advance(5_000);
    await rig.marks({ 'NSE:SBIN': 79_800, 'NSE:INFY': 150_000 });
    await project(pg.store, pg.db.pool);
    p = await sbin(rig.ns);
    expect(p).toMatchObject({ unrealised: -2_050, total: -2_050, lastMark: 79_800, mfe: 2_950, mae: -2_050 });

    await rig.advance(5_000);
    await rig.tick('SBIN', 81_010); // the target fills at 81,000; the stop is cancelled
    await project(pg.store, pg.db.pool);
    p = await sbin(rig.ns);
    expect(p).toMatchObject({
      netQty: 0,
      direction: 'FLAT',
      avgPrice: null,
      realised: 9_950, // (81,000 - 80,005) x 10
      unrealised: 0,
      total: 9_950,
      stopPrices: [],
      targetPrices: [],
      mfe: 2_950,
      mae: -2_050,
      fills: 2,
    });
    expect(p.soldValue - p.boughtValue).toBe(p.realised);

    const orders = await listOrders(pg.db.pool, { namespace: rig.ns });
    const byRole = Object.fromEntries(orders.items.map((o) => [o.legRole, o]));
    expect(byRole.ENTRY).toMatchObject({
      status: 'FILLED',
      filledQty: 10,
      avgFillPrice: 80_005,
      configHash: expect.any(String),
    });
    expect(byRole.TARGET1).toMatchObject({
      status: 'FILLED',
      avgFillPrice: 81_000,
      endedAt: '2025-09-04T04:00:15.000Z',
    });
    expect(byRole.STOP).toMatchObject({ status: 'CANCELLED', endReason: 'cancelled at the broker' });
    expect(byRole.STOP?.reasons.map((r) => r.event)).toEqual(['OrderCancelRequested', 'OrderCancelled']);
    expect(byRole.ENTRY?.brokerOrderId).toMatch(/O\d+$/);

    expect(await dailyPnl(pg.db.pool, rig.ns, DAY)).toMatchObject({
      realised: 9_950,
      unrealised: 0,
      total: 9_950,
      openPositions: 0,
      fills: 2,
    });
    const curve = await pnlCurve(pg.db.pool, { namespace: rig.ns, tradingDay: DAY });
    expect(curve.items.map((c) => [c.cause, c.realised, c.unrealised, c.total])).toEqual([
      ['FILL', 0, null, null],
      ['MARKS', 0, 2_950, 2_950],
      ['MARKS', 0, -2_050, -2_050],
      ['FILL', 9_950, 0, 9_950],
    ]);
    expect(curve.items.map((c) => c.at)).toEqual([
      '2025-09-04T04:00:00.000Z',
      '2025-09-04T04:00:05.000Z',
      '2025-09-04T04:00:10.000Z',
      '2025-09-04T04:00:15.000Z',
    ]);
  });

  it('a short entered in partial fills and stopped out in parts: exact P&L after each part, the last mark carried to a new position', async () => {
    const rig = makeBookRig(pg.store, { unitsPerTick: 4 });
    await rig.marks({ 'NSE:SBIN': 80_000 }); // before any position: the position starts from this mark
    await rig.tick('SBIN', 80_000); // SELL 10 at 79,995: 4 fill on this tick
    await rig.openGroup(shortPlan('short1', 10));
    await project(pg.store, pg.db.pool);

    let p = await sbin(rig.ns);
    expect(p).toMatchObject({ netQty: -4, direction: 'SHORT', avgPrice: 79_995, lastMark: 80_000, unrealised: -20 });
    expect(p.stopPrices).toEqual([80_500]);
    let entry = (await listOrders(pg.db.pool, { namespace: rig.ns, legRoles: ['ENTRY'] })).items[0];
    expect(entry).toMatchObject({ status: 'PARTIALLY_FILLED', filledQty: 4, qty: 10 });

    await rig.advance(1_000);
    await rig.tick('SBIN', 80_000); // 4 more
    await rig.advance(1_000);
    await rig.tick('SBIN', 80_000); // the last 2
    await rig.advance(1_000);
    await rig.marks({ 'NSE:SBIN': 79_500 });
    await project(pg.store, pg.db.pool);
    p = await sbin(rig.ns);
    expect(p).toMatchObject({ netQty: -10, avgPrice: 79_995, unrealised: 4_950, mfe: 4_950, realised: 0 });
    entry = (await listOrders(pg.db.pool, { namespace: rig.ns, legRoles: ['ENTRY'] })).items[0];
    expect(entry).toMatchObject({ status: 'FILLED', filledQty: 10, avgFillPrice: 79_995 });
    expect((await listFills(pg.db.pool, { namespace: rig.ns, tradingDay: DAY })).map((f) => f.qty)).toEqual([4, 4, 2]);

    await rig.advance(1_000);
    await rig.tick('SBIN', 80_600); // the stop triggers: 4 fill at 80,605, then the rest is exited at market
    await rig.advance(1_000);
    await rig.tick('SBIN', 80_600);
    await rig.advance(1_000);
    await rig.tick('SBIN', 80_600);
    await project(pg.store, pg.db.pool);

    p = await sbin(rig.ns);
    expect(p).toMatchObject({
      netQty: 0,
      realised: -6_100,
      unrealised: 0,
      total: -6_100,
      stopPrices: [],
      targetPrices: [],
    });
    const fills = await listFills(pg.db.pool, { namespace: rig.ns, tradingDay: DAY });
    const exits = fills.filter((f) => f.side === 'BUY');
    expect(exits.reduce((s, f) => s + f.qty, 0)).toBe(10);
    expect(exits.every((f) => f.price === 80_605)).toBe(true);
    // realised after each closing fill: (79,995 - 80,605) x units closed so far
    const curve = (await pnlCurve(pg.db.pool, { namespace: rig.ns, tradingDay: DAY })).items;
    const closing = curve.filter((c) => c.cause === 'FILL').slice(3);
    let closed = 0;
    for (const [i, c] of closing.entries()) {
      closed += exits[i]!.qty;
      expect(c.realised).toBe(-610 * closed);
    }
    expect(await dailyPnl(pg.db.pool, rig.ns, DAY)).toMatchObject({ realised: -6_100, total: -6_100, fills: 6 });
  });

  it('a partial close at the first of two targets, then a flatten: realised in two parts, the stop resized, flat with no working order', async () => {
    const rig = makeBookRig(pg.store);
    await rig.tick('SBIN', 80_000);
    const plan = sbinPlan('two1', 10);
    await rig.openGroup({
      ...plan,
      protection: {
        kind: 'ORDERS',
        stop: { triggerPrice: 79_500, limitBuffer: null },
        targets: [81_000, 82_000],
        target1ShareBps: 5_000,
      },
    });
    await rig.advance(1_000);
    await rig.tick('SBIN', 81_010); // TARGET1 fills 5 at 81,000
    await rig.marks({ 'NSE:SBIN': 81_500 });
    await project(pg.store, pg.db.pool);

    let p = await sbin(rig.ns);
    expect(p).toMatchObject({
      netQty: 5,
      avgPrice: 80_005,
      realised: 4_975, // (81,000 - 80,005) x 5
      unrealised: 7_475, // (81,500 - 80,005) x 5
      total: 12_450,
      stopPrices: [79_500],
      targetPrices: [82_000],
    });
    const stop = (await listOrders(pg.db.pool, { namespace: rig.ns, legRoles: ['STOP'] })).items[0];
    expect(stop).toMatchObject({ qty: 5, status: 'TRIGGER_PENDING' }); // resized to the open quantity

    await rig.advance(1_000);
    await rig.tick('SBIN', 81_500);
    await rig.flatten(); // exit 5 at market: the bid, 81,495
    await project(pg.store, pg.db.pool);
    p = await sbin(rig.ns);
    expect(p).toMatchObject({ netQty: 0, realised: 4_975 + 7_450, unrealised: 0, stopPrices: [], targetPrices: [] });
    expect((await listOrders(pg.db.pool, { namespace: rig.ns, workingOnly: true })).items).toEqual([]);
    const exit = (await listOrders(pg.db.pool, { namespace: rig.ns, legRoles: ['EXIT'] })).items[0];
    expect(exit).toMatchObject({ orderType: 'MARKET', status: 'FILLED', qty: 5, avgFillPrice: 81_495 });
  });

  it('a flatten leaves every position flat and no order working; a rejected entry is an order with its reason and no position', async () => {
    const rig = makeBookRig(pg.store);
    await rig.tick('SBIN', 80_000);
    await rig.openGroup(sbinPlan('flat1', 25));
    await rig.marks({ 'NSE:SBIN': 80_100 });
    await project(pg.store, pg.db.pool);
    expect((await listPositions(pg.db.pool, { namespace: rig.ns, openOnly: true })).map((x) => x.netQty)).toEqual([25]);

    await rig.flatten(); // exit at the bid, 79,995
    rig.broker.faults.rejectNextPlacements(1, 'margin exceeded');
    await rig.openGroup(sbinPlan('rej1', 10));
    await project(pg.store, pg.db.pool);

    expect(await listPositions(pg.db.pool, { namespace: rig.ns, openOnly: true })).toEqual([]);
    const p = await sbin(rig.ns);
    expect(p).toMatchObject({ netQty: 0, realised: -250, fills: 2 }); // (79,995 - 80,005) x 25
    expect((await listOrders(pg.db.pool, { namespace: rig.ns, workingOnly: true })).items).toEqual([]);
    const rejected = (await listOrders(pg.db.pool, { namespace: rig.ns, statuses: ['REJECTED'] })).items;
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ groupId: 'rej1', legRole: 'ENTRY', filledQty: 0, avgFillPrice: null });
    expect(rejected[0]?.endReason).toContain('margin exceeded');
    expect(rejected[0]?.reasons).toEqual([
      { event: 'OrderRejected', reason: rejected[0]?.endReason, at: '2025-09-04T04:00:00.000Z' },
    ]);
  });

  it('lists orders newest first in pages, with filters', async () => {
    const rig = makeBookRig(pg.store);
    await rig.tick('SBIN', 90_000); // above every BUY entry: the entries rest
    for (let i = 0; i < 5; i++) {
      await rig.openGroup(sbinPlan(`page${i}`, 10 + i));
      await rig.advance(1_000);
    }
    await project(pg.store, pg.db.pool);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listOrders>> = await listOrders(
        pg.db.pool,
        { namespace: rig.ns, tradingDay: DAY },
        { first: 2, after },
      );
      seen.push(...page.items.map((o) => o.groupId));
      after = page.nextCursor;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual(['page4', 'page3', 'page2', 'page1', 'page0']);
    const one = await listOrders(pg.db.pool, { namespace: rig.ns, groupId: 'page2' });
    expect(one.items.map((o) => o.qty)).toEqual([12]);
    expect((await listOrders(pg.db.pool, { namespace: rig.ns, tradingDay: '2025-09-05' })).items).toEqual([]);
    await expect(listOrders(pg.db.pool, { namespace: rig.ns }, { after: 'not-a-cursor' })).rejects.toThrow(/cursor/);
    await expect(listOrders(pg.db.pool, { namespace: rig.ns }, { first: 0 })).rejects.toThrow(/first/);
    await expect(listOrders(pg.db.pool, { namespace: rig.ns, tradingDay: '04-09-2025' })).rejects.toThrow(/YYYY-MM-DD/);
  });
});
