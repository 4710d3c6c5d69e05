import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { ControlService } from '../../commands/control/control-service';
import { controlState, killSwitchHistory } from '../../projections/queries/control-queries';
import { dailySummary } from '../../projections/queries/daily-summary-queries';
import { listDecisions } from '../../projections/queries/decisions-queries';
import { listRiskEvents } from '../../projections/queries/risk-events-queries';
import { riskSnapshot } from '../../projections/queries/risk-snapshot-queries';
import { listSignals, topRanked } from '../../projections/queries/signals-queries';
import { usePgStore } from '../support/pg-store-fixture';
import { type BookRig, CONFIG_HASH, DAY, makeBookRig, project } from '../support/read-model-rig';
import { sbinPlan } from '../support/trading-rig';

const ravi = { id: 'ravi', role: 'operator' as const };
const asha = { id: 'asha', role: 'admin' as const };
const monitor = { id: 'risk-monitor', role: 'system' as const };

const attribution = (momentum: number) => ({ momentum, trend: 0.5, liquidity: 0.9, regime: 0.4, rewardRisk: 0.7 });

/** The control plane of the rig's namespace; its flatten closes the rig's book. */
function controlOf(rig: BookRig, store: PgEventStore): ControlService {
  return new ControlService(store, rig.engine.ctx.streams, rig.clock, async (why) => {
    await rig.engine.flattenAll(why);
    await rig.idle();
  });
}

describe('read models: signals and ranks, decisions, risk events, kill-switch history, daily summary', () => {
  const pg = usePgStore();

  it('signals carry their rank, score and attribution from the ranking that ranked them last', async () => {
    const rig = makeBookRig(pg.store);
    await rig.signal({ signalId: 's1' });
    await rig.signal({ signalId: 's2', instrumentKey: 'NSE:INFY', entry: 150_000, stop: 149_000, targets: [152_000] });
    await rig.signal({ signalId: 's3', strategy: 'TREND_PULLBACK', side: 'SELL', stop: 80_500, targets: [79_000] });
    await rig.ranked(
      [
        { signalId: 's2', rank: 1, score: 0.81, attribution: attribution(0.9) },
        { signalId: 's1', rank: 2, score: 0.64, attribution: attribution(0.6) },
      ],
      3,
    );
    await rig.advance(5_000);
    await rig.signal({ signalId: 's4', targets: [81_000, 82_000] });
    await rig.ranked(
      [
        { signalId: 's4', rank: 1, score: 0.9, attribution: attribution(1) },
        { signalId: 's2', rank: 2, score: 0.7, attribution: attribution(0.5) },
      ],
      2,
    );
    await project(pg.store, pg.db.pool);

    const top = await topRanked(pg.db.pool, { namespace: rig.ns, tradingDay: DAY });
    expect(top.map((s) => [s.signalId, s.rank, s.score])).toEqual([
      ['s4', 1, 0.9],
      ['s2', 2, 0.7],
    ]);
    expect(top[1]).toMatchObject({
      attribution: attribution(0.5),
      considered: 2,
      rankedAt: '2025-09-04T04:00:05.000Z',
    });
    expect(top[0]).toMatchObject({ targets: [81_000, 82_000], configHash: CONFIG_HASH, strategy: 'ORB' });

    const byRank = await listSignals(pg.db.pool, { namespace: rig.ns, tradingDay: DAY, orderBy: 'RANK' });
    expect(byRank.items.map((s) => [s.signalId, s.rank])).toEqual([
      ['s4', 1],
      ['s1', 2],
      ['s2', 2],
      ['s3', null],
    ]);
    const recent = await listSignals(pg.db.pool, { namespace: rig.ns }, { first: 3 });
    expect(recent.items.map((s) => s.signalId)).toEqual(['s4', 's3', 's2']);
    const rest = await listSignals(pg.db.pool, { namespace: rig.ns }, { first: 3, after: recent.nextCursor });
    expect(rest.items.map((s) => s.signalId)).toEqual(['s1']);
    expect(rest.nextCursor).toBeNull();
    const ranked = await listSignals(pg.db.pool, {
      namespace: rig.ns,
      rankedOnly: true,
      strategy: 'ORB',
      instrumentKey: 'NSE:SBIN',
    });
    expect(ranked.items.map((s) => s.signalId)).toEqual(['s4', 's1']);
    expect(byRank.items.find((s) => s.signalId === 's3')).toMatchObject({ side: 'SELL', features: { orHigh: 800 } });
  });

  it('decisions with every reason; risk events from blocks, rejections, OCO risks, the breaker and the kill switch; the kill-switch history', async () => {
    const rig = makeBookRig(pg.store);
    const control = controlOf(rig, pg.store);
    await rig.signal({ signalId: 'sa' });
    await rig.signal({ signalId: 'sb' });
    await rig.decision({
      planId: 'plan-a',
      signalId: 'sa',
      approved: true,
      quantity: 10,
      risk: 5_050,
      heatCap: 50_000,
    });
    await rig.advance(1_000);
    await rig.decision({
      planId: 'plan-b',
      signalId: 'sb',
      approved: false,
      reasons: [
        { code: 'HEAT_CAP', message: 'open heat Rs 50.50 + Rs 600.00 would exceed the heat cap Rs 500.00' },
        { code: 'MAX_OPEN_POSITIONS', message: '1 positions or working entries open, the limit is 1' },
      ],
    });
    await rig.tick('SBIN', 80_000);
    await rig.openGroup({ ...sbinPlan('a', 10), planId: 'plan-a', maxRetries: 0 });
    rig.broker.faults.rejectNextPlacements(1, 'margin exceeded');
    await rig.openGroup(sbinPlan('r', 10));
    await rig.advance(1_000);
    await control.tripBreaker(monitor, 'STALE_DATA', 'no tick on NSE:SBIN for 12 s');
    await rig.advance(1_000);
    rig.broker.faults.failNextCancels(100); // the kill switch's flatten cannot cancel: OCO risk events
    await control.engageKillSwitch(ravi, 'drill');
    rig.broker.faults.clear();
    await rig.advance(60_000);
    await control.releaseKillSwitch(asha, 'drill over, book checked');
    await rig.advance(1_000);
    await control.engageKillSwitch(ravi, 'broker outage');
    await project(pg.store, pg.db.pool);

    const decisions = await listDecisions(pg.db.pool, { namespace: rig.ns, tradingDay: DAY });
    expect(decisions.items.map((d) => [d.planId, d.approved, d.quantity])).toEqual([
      ['plan-b', false, 0],
      ['plan-a', true, 10],
    ]);
    const blocked = (await listDecisions(pg.db.pool, { namespace: rig.ns, approved: false })).items[0];
    expect(blocked?.reasons.map((r) => r.code)).toEqual(['HEAT_CAP', 'MAX_OPEN_POSITIONS']);
    expect(blocked).toMatchObject({ signalId: 'sb', heatCap: 5_000_000, configHash: CONFIG_HASH });
    expect(
      (await listDecisions(pg.db.pool, { namespace: rig.ns, reasonCode: 'MAX_OPEN_POSITIONS' })).items.map(
        (d) => d.planId,
      ),
    ).toEqual(['plan-b']);

    const risk = await listRiskEvents(pg.db.pool, { namespace: rig.ns, tradingDay: DAY }, { first: 100 });
    const kinds = risk.items.map((r) => [r.kind, r.code]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['DECISION_BLOCKED', 'HEAT_CAP'],
        ['ORDER_REJECTED', 'ORDER_REJECTED'],
        ['BREAKER_TRIPPED', 'STALE_DATA'],
        ['KILL_SWITCH_ENGAGED', 'KILL_SWITCH'],
        ['OCO_RISK', 'CANCEL_FAILED'],
      ]),
    );
    const block = risk.items.find((r) => r.kind === 'DECISION_BLOCKED');
    expect(block).toMatchObject({ planId: 'plan-b', message: 'NSE:SBIN blocked: HEAT_CAP, MAX_OPEN_POSITIONS' });
    expect(risk.items.find((r) => r.kind === 'BREAKER_TRIPPED')).toMatchObject({
      actor: 'system:risk-monitor',
      message: 'no tick on NSE:SBIN for 12 s',
      at: '2025-09-04T04:00:02.000Z',
    });
    expect(risk.items.find((r) => r.kind === 'OCO_RISK')).toMatchObject({ groupId: 'a' });
    expect(risk.items.find((r) => r.kind === 'ORDER_REJECTED')?.message).toContain('margin exceeded');
    const engaged = await listRiskEvents(pg.db.pool, { namespace: rig.ns, kinds: ['KILL_SWITCH_ENGAGED'] });
    expect(engaged.items.map((r) => r.message)).toEqual(['broker outage', 'drill']);
    expect(risk.items.map((r) => r.at)).toEqual([...risk.items.map((r) => r.at)].sort().reverse());

    const history = await killSwitchHistory(pg.db.pool, { namespace: rig.ns });
    expect(history.items).toEqual([
      {
        seq: 2,
        tradingDay: DAY,
        engagedBy: 'ravi',
        engagedRole: 'operator',
        reason: 'broker outage',
        engagedAt: '2025-09-04T04:01:04.000Z',
        releasedBy: null,
        releasedRole: null,
        notes: null,
        releasedAt: null,
        active: true,
      },
      {
        seq: 1,
        tradingDay: DAY,
        engagedBy: 'ravi',
        engagedRole: 'operator',
        reason: 'drill',
        engagedAt: '2025-09-04T04:00:03.000Z',
        releasedBy: 'asha',
        releasedRole: 'admin',
        notes: 'drill over, book checked',
        releasedAt: '2025-09-04T04:01:03.000Z',
        active: false,
      },
    ]);
    const state = await controlState(pg.db.pool, rig.ns);
    expect(state).toMatchObject({ mode: 'PAPER', killSwitchEngaged: true, breakerTripped: true, paused: null });
    expect(state?.breakerTrips.map((t) => t.reason)).toEqual(['STALE_DATA']);
    const snapshot = await riskSnapshot(pg.db.pool, rig.ns, DAY);
    expect(snapshot.control?.killSwitchEngaged).toBe(true);
    expect(snapshot.heat?.heatCap).toBe(5_000_000);
  });

  it('summarises a day from the read models', async () => {
    const rig = makeBookRig(pg.store);
    await rig.signal({ signalId: 'x1' });
    await rig.signal({ signalId: 'x2' });
    await rig.signal({ signalId: 'x3' });
    await rig.ranked([{ signalId: 'x1', rank: 1, score: 0.9, attribution: attribution(1) }], 3);
    await rig.decision({ planId: 'plan-w', signalId: 'x1', approved: true, heatCap: 100_000 });
    await rig.decision({ planId: 'plan-l', signalId: 'x2', approved: true, heatCap: 100_000 });
    await rig.decision({
      planId: 'plan-n',
      signalId: 'x3',
      approved: false,
      reasons: [{ code: 'SPREAD_TOO_WIDE', message: 'spread 0.4% > 0.2%' }],
    });
    await rig.tick('SBIN', 80_000);
    await rig.openGroup({ ...sbinPlan('w', 10), planId: 'plan-w' });
    await rig.tick('SBIN', 81_010); // w: target, +9,950
    await rig.tick('SBIN', 80_000);
    await rig.openGroup({ ...sbinPlan('l', 10), planId: 'plan-l' });
    await rig.tick('SBIN', 79_490); // l: stopped at 79,485, -5,200
    await rig.marks({ 'NSE:SBIN': 79_490 });
    await project(pg.store, pg.db.pool);

    const s = await dailySummary(pg.db.pool, rig.ns, DAY);
    expect(s).toMatchObject({
      signals: 3,
      rankedSignals: 1,
      decisions: 3,
      approved: 2,
      blocked: 1,
      topBlockReasons: [{ code: 'SPREAD_TOO_WIDE', count: 1 }],
      ocoGroups: 2,
      ocoLifecyclesCompleted: 2,
      openGroups: 0,
      ordersPlaced: 6,
      ordersRejected: 0,
      openOrders: 0,
      fills: 4,
      trades: 2,
      winningTrades: 1,
      losingTrades: 1,
      realised: 4_750,
      unrealised: 0,
      total: 4_750,
      openPositions: 0,
      maxHeat: 5_050,
      heatCap: 100_000,
      heatNeverOverCap: true,
      killSwitchEngagements: 0,
    });
    expect(s.riskEvents).toEqual({
      OCO_RISK: 0,
      ORDER_REJECTED: 0,
      BREAKER_TRIPPED: 0,
      KILL_SWITCH_ENGAGED: 0,
      DECISION_BLOCKED: 1,
    });
    expect(s.auditChain).toEqual({ complete: true, problems: [] });
    const other = await dailySummary(pg.db.pool, rig.ns, '2025-09-05');
    expect(other).toMatchObject({ signals: 0, trades: 0, realised: 0, maxHeat: 0, heatCap: null });
  });
});
