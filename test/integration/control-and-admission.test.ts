import { randomUUID } from 'node:crypto';
import { ControlService } from '../../commands/control/control-service';
import { PlanAdmission, type PlanRequest, type RiskMoment } from '../../commands/trading/plan-admission';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { defaultRiskConfig } from '../../domain/risk/risk-config';
import { controlViewOf } from '../../domain/risk/risk-context';
import { LIVE_CONFIRMATION_PHRASE } from '../../domain/session/session-commands';
import { isKillSwitchEngaged } from '../../domain/session/session-state';
import { usePgStore } from '../support/pg-store-fixture';
import { makeRig, sbinPlan } from '../support/trading-rig';

const admin = { id: 'asha', role: 'admin' as const };
const operator = { id: 'ravi', role: 'operator' as const };
const viewer = { id: 'vik', role: 'viewer' as const };

describe('control plane and plan admission', () => {
  const pg = usePgStore();

  it('refuses LIVE without the phrase or by an operator, writing nothing; an admin with the phrase switches', async () => {
    const rig = makeRig(pg.store, `c${randomUUID().slice(0, 8)}`);
    const control = new ControlService(pg.store, rig.engine.ctx.streams, rig.clock, () =>
      rig.engine.flattenAll('FLATTENED'),
    );
    await expect(control.setMode(admin, 'LIVE', 'go', 'confirm live')).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
    });
    await expect(control.setMode(operator, 'LIVE', 'go', LIVE_CONFIRMATION_PHRASE)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await pg.store.streamVersion(rig.engine.ctx.streams.control())).toBe(-1);
    const ok = await control.setMode(admin, 'LIVE', 'go live', LIVE_CONFIRMATION_PHRASE);
    expect(ok.state.mode).toBe('LIVE');
    const [e] = await pg.store.readStream(rig.engine.ctx.streams.control());
    expect(e?.metadata.actor).toBe('admin:asha');
  });

  it('engaging the kill switch halts and flattens the book; a viewer can do neither', async () => {
    const rig = makeRig(pg.store, `k${randomUUID().slice(0, 8)}`);
    const control = new ControlService(pg.store, rig.engine.ctx.streams, rig.clock, () =>
      rig.engine.flattenAll('FLATTENED'),
    );
    await rig.tick('SBIN', 80_000);
    await rig.engine.openGroup(sbinPlan('k1', 10));
    await rig.watcher.idle();
    await expect(control.flattenAll(viewer, 'no')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await rig.broker.positions())[0]?.quantity).toBe(10);
    const out = await control.engageKillSwitch(operator, 'drill');
    await rig.watcher.idle();
    expect(out.events.map((x) => x.type)).toEqual(['KillSwitchEngaged']);
    expect((await rig.broker.positions()).every((p) => p.quantity === 0)).toBe(true);
    expect((await rig.broker.orders()).filter((o) => o.status === 'OPEN' || o.status === 'TRIGGER PENDING')).toEqual(
      [],
    );
    expect(isKillSwitchEngaged(await control.state())).toBe(true);
  });

  it('never lets concurrent plans take heat over the cap, and decides a plan once', async () => {
    const rig = makeRig(pg.store, `a${randomUUID().slice(0, 8)}`);
    await rig.tick('SBIN', 80_000);
    const control = new ControlService(pg.store, rig.engine.ctx.streams, rig.clock, async () => undefined);
    // Capital Rs 10 lakh: per-trade cap Rs 2,500, heat cap Rs 10,000. Each plan risks Rs 5 x 1500 = Rs 7,500 at most.
    const config = {
      ...defaultRiskConfig(100_000_000),
      perTradeRiskBps: 75,
      maxOpenPositions: 10,
      maxPositionsPerInstrument: 10,
    };
    const admission = new PlanAdmission(pg.store, rig.engine, rig.clock, config);
    const sbin = builtinInstrumentMaster().get('NSE:SBIN');
    const moment = async (): Promise<RiskMoment> => ({
      control: controlViewOf(await control.state()),
      phase: 'OPEN',
      market: { lastTickAtMs: rig.clock.nowMs(), bid: 79_995, ask: 80_005 },
      dailyPnl: { realised: 0, unrealised: 0 },
    });
    const request = (id: string): PlanRequest => ({
      plan: { planId: id, instrument: sbin, side: 'BUY', entry: 80_005, stop: 79_505 },
      signalId: `sig-${id}`,
      tradingDay: '2025-09-04',
      configHash: 'cfg',
      ocoPlanFor: (qty) => ({ ...sbinPlan(id, qty, 80_005, 79_505) }),
    });
    const decided = await Promise.all(
      ['p1', 'p2', 'p3'].map(async (id) => admission.decide(request(id), await moment())),
    );
    const approved = decided.filter((d) => d.decision.approved);
    const blocked = decided.filter((d) => !d.decision.approved);
    expect(approved.reduce((s, d) => s + d.decision.risk, 0)).toBeLessThanOrEqual(admission.heatCap);
    expect(approved.length).toBeGreaterThanOrEqual(1);
    expect(blocked.flatMap((d) => d.decision.reasons.map((r) => r.code))).toContain('HEAT_CAP');
    expect(admission.heat).toBeLessThanOrEqual(admission.heatCap);

    const again = await admission.decide(request('p1'), await moment());
    expect(again.duplicate).toBe(true);
    await rig.watcher.idle();
    expect((await rig.broker.orders()).filter((o) => o.side === 'BUY')).toHaveLength(approved.length);
  });
});
