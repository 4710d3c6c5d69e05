import type { OcoPlan } from '../../domain/oco/oco-plan';
import type { Side } from '../../domain/orders/order-terms';
import { heatExtremes, heatNow, heatTimeline } from '../../projections/queries/heat-queries';
import { listOcoGroups, listTrades, ocoGroupById } from '../../projections/queries/oco-groups-queries';
import { usePgStore } from '../support/pg-store-fixture';
import { DAY, makeBookRig, project } from '../support/read-model-rig';
import { sbinPlan } from '../support/trading-rig';

/** A single-leg equity plan on any NSE symbol, either side. */
function plan(symbol: string, groupId: string, side: Side, qty: number, entry: number, stop: number, target: number) {
  const p = sbinPlan(groupId, qty, entry, stop, target);
  return { ...p, legs: [{ ...p.legs[0]!, instrumentKey: `NSE:${symbol}`, side }] } satisfies OcoPlan;
}

describe('read models: OCO groups, trades, portfolio heat and its timeline', () => {
  const pg = usePgStore();

  it('heat is the open risk of every open group: working entries, open positions, partial and full closes; a point when it changes and at every marks and decision', async () => {
    const rig = makeBookRig(pg.store);
    await rig.decision({ planId: 'plan-h1', signalId: 's1', approved: true, heatCap: 20_000 });
    await rig.tick('SBIN', 81_000); // BUY 10 at 80,005 rests: working entry risk 10 x 505
    await rig.openGroup(sbinPlan('h1', 10));
    await rig.advance(1_000);
    await rig.decision({ planId: 'plan-h2', signalId: 's2', approved: true, heatCap: 20_000 });
    await rig.tick('INFY', 150_000); // SELL 20 at 149,995 fills: open risk 20 x 505
    await rig.openGroup(plan('INFY', 'h2', 'SELL', 20, 149_995, 150_500, 148_000));
    await rig.advance(1_000);
    await rig.tick('SBIN', 80_000); // h1's entry fills at 80,005: its risk moves from the entry to the position, unchanged
    await rig.advance(1_000);
    await rig.marks({ 'NSE:SBIN': 80_200, 'NSE:INFY': 149_800 });
    await project(pg.store, pg.db.pool);

    expect(await heatNow(pg.db.pool, rig.ns)).toMatchObject({
      heat: 15_150,
      heatCap: 20_000,
      headroom: 4_850,
      overCap: false,
      openGroups: 2,
    });

    await rig.advance(1_000);
    await rig.tick('INFY', 147_990); // h2's target: the short is bought back at 148,000
    await rig.advance(1_000);
    await rig.flatten(); // h1 exits at market
    await rig.marks({ 'NSE:SBIN': 80_000, 'NSE:INFY': 148_000 });
    await project(pg.store, pg.db.pool);

    const timeline = await heatTimeline(pg.db.pool, { namespace: rig.ns, tradingDay: DAY });
    expect(timeline.items.map((p) => [p.cause, p.heat, p.openGroups, p.heatCap])).toEqual([
      ['DecisionMade', 0, 0, 20_000],
      ['OcoGroupOpened', 0, 1, 20_000],
      ['OcoLegPlacementRequested', 5_050, 1, 20_000],
      ['DecisionMade', 5_050, 1, 20_000],
      ['OcoGroupOpened', 5_050, 2, 20_000],
      ['OcoLegPlacementRequested', 15_150, 2, 20_000],
      ['MarksRecorded', 15_150, 2, 20_000],
      ['OcoLegFilled', 5_050, 2, 20_000],
      ['OcoGroupClosed', 5_050, 1, 20_000],
      ['OcoLegFilled', 0, 1, 20_000],
      ['OcoGroupClosed', 0, 0, 20_000],
      ['MarksRecorded', 0, 0, 20_000],
    ]);
    expect(timeline.items.map((p) => p.seq)).toEqual(timeline.items.map((_, i) => i + 1));
    expect(await heatNow(pg.db.pool, rig.ns)).toMatchObject({ heat: 0, openGroups: 0 });
    expect(await heatExtremes(pg.db.pool, rig.ns, DAY)).toEqual({
      maxHeat: 15_150,
      heatCap: 20_000,
      neverOverCap: true,
    });

    const page1 = await heatTimeline(pg.db.pool, { namespace: rig.ns, tradingDay: DAY }, { first: 5 });
    const page2 = await heatTimeline(
      pg.db.pool,
      { namespace: rig.ns, tradingDay: DAY },
      { first: 5, after: page1.nextCursor },
    );
    expect([...page1.items, ...page2.items].map((p) => p.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('heat follows partial fills and partial closes, and shows when it went over the cap', async () => {
    const rig = makeBookRig(pg.store, { unitsPerTick: 4 });
    await rig.decision({ planId: 'plan-p1', signalId: 's1', approved: true, heatCap: 3_000 });
    await rig.tick('SBIN', 80_000);
    const p = sbinPlan('p1', 10);
    await rig.openGroup({
      ...p,
      protection: { ...p.protection, kind: 'ORDERS', targets: [81_000, 82_000], target1ShareBps: 5_000 },
    } as OcoPlan);
    await rig.tick('SBIN', 80_000);
    await rig.tick('SBIN', 80_000); // the entry is complete: 10 x 505 at risk
    await project(pg.store, pg.db.pool);
    expect(await heatNow(pg.db.pool, rig.ns)).toMatchObject({ heat: 5_050, overCap: true, headroom: -2_050 });
    expect((await heatExtremes(pg.db.pool, rig.ns, DAY)).neverOverCap).toBe(false);

    await rig.advance(1_000);
    await rig.tick('SBIN', 81_010); // TARGET1 takes 4 of its 5 (4 units a tick)
    await rig.tick('SBIN', 81_010); // and the 5th
    await project(pg.store, pg.db.pool);
    expect(await heatNow(pg.db.pool, rig.ns)).toMatchObject({ heat: 2_525, overCap: false }); // 5 x 505 left
    const heats = (await heatTimeline(pg.db.pool, { namespace: rig.ns, tradingDay: DAY })).items.map((x) => x.heat);
    expect(heats).toContain(3_030); // after the first 4 of the target: 6 x 505
    const group = await ocoGroupById(pg.db.pool, rig.ns, 'p1');
    expect(group).toMatchObject({ phase: 'ACTIVE', openRisk: 2_525 });
  });

  it('groups with legs, phase and close reason; trades with exact round-trip P&L and MFE/MAE; a rejected entry leaves no trade', async () => {
    const rig = makeBookRig(pg.store);
    await rig.tick('SBIN', 80_000);
    await rig.openGroup(sbinPlan('t1', 10));
    await rig.advance(5_000);
    await rig.marks({ 'NSE:SBIN': 79_700 });
    await rig.advance(5_000);
    await rig.marks({ 'NSE:SBIN': 80_600 });
    await rig.advance(5_000);
    await rig.tick('SBIN', 79_490); // the stop: SL-M sells at the bid, 79,485
    await rig.advance(5_000);
    await rig.tick('INFY', 150_000);
    await rig.openGroup(plan('INFY', 't2', 'SELL', 20, 149_995, 150_500, 148_000));
    await rig.advance(5_000);
    await rig.tick('INFY', 147_990);
    rig.broker.faults.rejectNextPlacements(1, 'margin exceeded');
    await rig.openGroup(sbinPlan('t3', 10));
    await project(pg.store, pg.db.pool);

    const t1 = await ocoGroupById(pg.db.pool, rig.ns, 't1');
    expect(t1).toMatchObject({
      planId: 'plan-t1',
      phase: 'CLOSED',
      closeReason: 'STOP_HIT',
      exitReason: 'STOP_HIT',
      protection: { kind: 'ORDERS', stop: 79_500, targets: [81_000] },
      openRisk: 0,
      mfe: 5_950,
      mae: -3_050,
      openedAt: '2025-09-04T04:00:00.000Z',
      activatedAt: '2025-09-04T04:00:00.000Z',
      closedAt: '2025-09-04T04:00:15.000Z',
    });
    expect(t1?.legs.map((l) => [l.legRole, l.status, l.filledQty])).toEqual([
      ['ENTRY', 'FILLED', 10],
      ['STOP', 'FILLED', 10],
      ['TARGET1', 'CANCELLED', 0],
    ]);

    const trades = await listTrades(pg.db.pool, { namespace: rig.ns, tradingDay: DAY });
    expect(trades.items.map((t) => t.tradeId)).toEqual(['t2', 't1']);
    expect(trades.items[1]).toMatchObject({
      planId: 'plan-t1',
      side: 'BUY',
      qty: 10,
      entryAvgPrice: 80_005,
      exitAvgPrice: 79_485,
      realised: -5_200, // (79,485 - 80,005) x 10
      closeReason: 'STOP_HIT',
      mfe: 5_950,
      mae: -3_050,
    });
    expect(trades.items[0]).toMatchObject({
      side: 'SELL',
      qty: 20,
      entryAvgPrice: 149_995,
      exitAvgPrice: 148_000,
      realised: 39_900, // (149,995 - 148,000) x 20
      closeReason: 'TARGET_HIT',
      mfe: null, // never marked while open
    });

    const t3 = await ocoGroupById(pg.db.pool, rig.ns, 't3');
    expect(t3).toMatchObject({ phase: 'CLOSED', closeReason: 'ENTRY_REJECTED', activatedAt: null });
    expect(t3?.legs.map((l) => l.status)).toEqual(['REJECTED']);
    const closed = await listOcoGroups(pg.db.pool, { namespace: rig.ns, phases: ['CLOSED'] });
    expect(closed.items.map((g) => g.groupId)).toEqual(['t3', 't2', 't1']);
    expect((await listOcoGroups(pg.db.pool, { namespace: rig.ns, planId: 'plan-t2' })).items).toHaveLength(1);
  });

  it('a cancel that keeps failing is a risk event of its group, which stays exiting with its open risk', async () => {
    const rig = makeBookRig(pg.store);
    await rig.tick('SBIN', 80_000);
    await rig.openGroup({ ...sbinPlan('c1', 10), maxRetries: 0 });
    rig.broker.faults.failNextCancels(100);
    await rig.flatten();
    rig.broker.faults.clear();
    await project(pg.store, pg.db.pool);
    const g = await ocoGroupById(pg.db.pool, rig.ns, 'c1');
    expect(g).toMatchObject({ phase: 'EXITING', exitReason: 'FLATTENED', riskEvents: 2, openRisk: 5_050 });
    expect(g?.legs.filter((l) => l.status === 'WORKING').map((l) => [l.legRole, l.retired])).toEqual([
      ['STOP', true],
      ['TARGET1', true],
    ]);
    expect(await heatNow(pg.db.pool, rig.ns)).toMatchObject({ heat: 5_050, openGroups: 1 });
  });
});
