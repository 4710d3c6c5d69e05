import { randomUUID } from 'node:crypto';
import { InProcessLeaderLock } from '../../adapters/memory/in-process-leader-lock';
import { LeadershipGate } from '../../commands/trading/leadership-gate';
import { PlanAdmission, type PlanRequest, type RiskMoment } from '../../commands/trading/plan-admission';
import { recoverBook } from '../../commands/trading/recovery';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { defaultRiskConfig } from '../../domain/risk/risk-config';
import { usePgStore } from '../support/pg-store-fixture';
import { makeRig, type Rig, sbinPlan } from '../support/trading-rig';

const config = {
  ...defaultRiskConfig(100_000_000),
  perTradeRiskBps: 75,
  maxOpenPositions: 2,
  maxPositionsPerInstrument: 1,
};
const instruments = builtinInstrumentMaster();

function request(id: string, symbol: string): PlanRequest {
  return {
    plan: { planId: id, instrument: instruments.get(`NSE:${symbol}`), side: 'BUY', entry: 80_005, stop: 79_505 },
    signalId: `sig-${id}`,
    tradingDay: '2025-09-04',
    configHash: 'cfg',
    ocoPlanFor: (qty) => {
      const p = sbinPlan(id, qty, 80_005, 79_505);
      return { ...p, legs: [{ ...p.legs[0]!, instrumentKey: `NSE:${symbol}` }] };
    },
  };
}

const moment = (rig: Rig): RiskMoment => ({
  control: { killSwitchEngaged: false, breaker: { tripped: false, reasons: [] }, paused: null, mode: 'PAPER' },
  phase: 'OPEN',
  market: { lastTickAtMs: rig.clock.nowMs(), bid: 79_995, ask: 80_005 },
  dailyPnl: { realised: 0, unrealised: 0 },
});

describe('the admission book after a restart or a regained leadership', () => {
  const pg = usePgStore();

  async function dayWithOpenGroups(ns: string): Promise<{ rig: Rig; heat: number }> {
    const rig = makeRig(pg.store, ns);
    for (const s of ['SBIN', 'INFY']) await rig.tick(s, 80_000);
    const admission = new PlanAdmission(pg.store, rig.engine, rig.clock, config);
    expect((await admission.decide(request('a1', 'SBIN'), moment(rig))).decision.approved).toBe(true);
    expect((await admission.decide(request('a2', 'INFY'), moment(rig))).decision.approved).toBe(true);
    await rig.watcher.idle();
    rig.watcher.stop();
    return { rig, heat: admission.heat };
  }

  it('is rebuilt from the open groups: open-position limit, one per instrument and heat hold across the restart', async () => {
    const ns = `ar${randomUUID().slice(0, 8)}`;
    const { rig: before, heat } = await dayWithOpenGroups(ns);
    const after = makeRig(pg.store, ns, before.broker, before.clock); // a new process over the same book
    const admission = new PlanAdmission(pg.store, after.engine, after.clock, config);
    await recoverBook(after.engine, pg.store, admission);
    expect(admission.heat).toBe(heat);
    const same = await admission.decide(request('a3', 'SBIN'), moment(after));
    expect(same.decision.approved).toBe(false);
    expect(same.decision.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['MAX_OPEN_POSITIONS', 'MAX_POSITIONS_PER_INSTRUMENT']),
    );
    const other = await admission.decide(request('a4', 'ITC'), moment(after));
    expect(other.decision.reasons.map((r) => r.code)).toContain('MAX_OPEN_POSITIONS');
    await after.watcher.idle();
  });

  it('is rebuilt when leadership is regained (the gate recovers, then rebuilds, before new entries)', async () => {
    const ns = `al${randomUUID().slice(0, 8)}`;
    const { rig: before } = await dayWithOpenGroups(ns);
    const after = makeRig(pg.store, ns, before.broker, before.clock);
    const admission = new PlanAdmission(pg.store, after.engine, after.clock, config);
    const lock = new InProcessLeaderLock();
    const gate = new LeadershipGate(lock, async () => {
      await recoverBook(after.engine, pg.store, admission);
    });
    await lock.start();
    await gate.settled();
    expect(gate.isLeader()).toBe(true);
    const blocked = await admission.decide(request('a5', 'ITC'), moment(after));
    expect(blocked.decision.reasons.map((r) => r.code)).toContain('MAX_OPEN_POSITIONS');
    gate.dispose();
    await lock.stop();
    await after.watcher.idle();
  });
});
