import { randomUUID } from 'node:crypto';
import type { PlacementTimeout } from '../../adapters/paper-broker/paper-faults';
import type { PgEventStore } from '../../adapters/postgres/pg-event-store';
import type { EventStore } from '../../commands/ports/event-store';
import { ReconcileLoop } from '../../commands/trading/reconcile-loop';
import { parseClientOrderId } from '../../domain/ids/client-order-id';
import type { LegRole } from '../../domain/orders/order-terms';
import { usePgStore } from '../support/pg-store-fixture';
import { paperRig, type Rig, sbinPlan } from '../support/trading-rig';

const PERIOD = 5_000;

function rigOn(store: PgEventStore | EventStore, ns: string): Rig {
  return paperRig(store as PgEventStore, ns);
}

/** The first placement of a `role` order times out, before or after the broker records it. */
function timeOutFirst(rig: Rig, role: LegRole, when: PlacementTimeout): void {
  const place = rig.broker.placeOrder.bind(rig.broker);
  let done = false;
  rig.broker.placeOrder = (r) => {
    if (!done && parseClientOrderId(r.clientOrderId)?.leg === role) {
      done = true;
      rig.broker.faults.timeOutNextPlacements(when, 1);
    }
    return place(r);
  };
}

async function ordersOf(rig: Rig, groupId: string, role: LegRole) {
  const { ctx } = rig.engine;
  const g = (await ctx.groups.load(ctx.streams.oco(groupId))).state;
  const ids = g.legs.filter((l) => l.ticket.legRole === role).map((l) => l.ticket.clientOrderId);
  return (await rig.broker.orders()).filter((o) => o.clientOrderId !== null && ids.includes(o.clientOrderId));
}

async function period(rig: Rig, loop: ReconcileLoop) {
  await rig.clock.advanceBy(PERIOD);
  await loop.runIfDue();
  await rig.watcher.idle();
}

describe('stranded protective orders are retried in-session', () => {
  const pg = usePgStore();

  it('a stop whose placement timed out before reaching the broker: alerted, looked up a period later, sent once', async () => {
    const rig = rigOn(pg.store, `st${randomUUID().slice(0, 8)}`);
    const loop = new ReconcileLoop(rig.engine, pg.store, { intervalMs: PERIOD });
    timeOutFirst(rig, 'STOP', 'BEFORE_RECORD');
    await rig.tick('SBIN', 80_000);
    await rig.engine.openGroup(sbinPlan('st', 10)); // fills at once: the stop's placement is lost on the way
    await rig.watcher.idle();
    expect(await ordersOf(rig, 'st', 'STOP')).toHaveLength(0);
    expect(rig.alerts.some((a) => a.kind === 'PLACEMENT_UNKNOWN')).toBe(true);

    await period(rig, loop); // first seen stranded: left to its call for one period
    expect(await ordersOf(rig, 'st', 'STOP')).toHaveLength(0);
    await period(rig, loop); // still nowhere at the broker: sent (once)
    await period(rig, loop);
    const stops = await ordersOf(rig, 'st', 'STOP');
    expect(stops).toHaveLength(1);
    expect(stops[0]!.quantity).toBe(10);
    const { ctx } = rig.engine;
    const [reconciled] = await pg.store.readStream(ctx.streams.reconciliation('2025-09-04'));
    expect(reconciled?.type).toBe('ReconciliationCompleted');
    // The surprise is a risk event on the group (rm_risk_events shows it as an OCO risk).
    const risks = (await pg.store.readStream(ctx.streams.oco('st'))).filter((e) => e.type === 'OcoRiskRaised');
    expect(risks.map((e) => (e.data as { risk: string }).risk)).toContain('RECONCILE_SURPRISE');
  });

  it('a stop whose placement timed out after the broker took it: found by its tag, never sent twice', async () => {
    const rig = rigOn(pg.store, `sa${randomUUID().slice(0, 8)}`);
    const loop = new ReconcileLoop(rig.engine, pg.store, { intervalMs: PERIOD });
    timeOutFirst(rig, 'STOP', 'AFTER_RECORD');
    await rig.tick('SBIN', 80_000);
    await rig.engine.openGroup(sbinPlan('sa', 10));
    await rig.watcher.idle();
    for (let i = 0; i < 3; i++) await period(rig, loop);
    expect(await ordersOf(rig, 'sa', 'STOP')).toHaveLength(1);
    const { ctx } = rig.engine;
    const g = (await ctx.groups.load(ctx.streams.oco('sa'))).state;
    const stop = g.legs.find((l) => l.ticket.legRole === 'STOP')!;
    expect((await ctx.orders.load(ctx.streams.order(stop.ticket.clientOrderId))).state.status).toBe('TRIGGER_PENDING');
  });

  it('flatten with a stranded stop: the stop is withdrawn (never sent), the market exit goes out, the group closes', async () => {
    const rig = rigOn(pg.store, `sf${randomUUID().slice(0, 8)}`);
    const loop = new ReconcileLoop(rig.engine, pg.store, { intervalMs: PERIOD });
    timeOutFirst(rig, 'STOP', 'BEFORE_RECORD');
    await rig.tick('SBIN', 80_000);
    await rig.engine.openGroup(sbinPlan('sf', 10));
    await rig.watcher.idle();
    await rig.engine.flattenAll('FLATTENED'); // the stop's cancel waits on an acknowledgement that never comes
    await rig.watcher.idle();
    for (let i = 0; i < 3; i++) {
      await period(rig, loop);
      await rig.tick('SBIN', 80_000);
    }
    const { ctx } = rig.engine;
    expect((await ctx.groups.load(ctx.streams.oco('sf'))).state.phase).toBe('CLOSED');
    expect(await ordersOf(rig, 'sf', 'STOP')).toHaveLength(0);
    expect((await rig.broker.positions()).find((p) => p.instrument === 'NSE:SBIN')?.quantity ?? 0).toBe(0);
  });

  it('a commit whose acknowledgement is lost: the stop is still sent (the submission is found stored)', async () => {
    const ns = `sl${randomUUID().slice(0, 8)}`;
    let lost = false;
    const store: EventStore = Object.create(pg.store);
    store.appendToStream = async (stream, events, options) => {
      const r = await pg.store.appendToStream(stream, events, options);
      const submission = events.find((e) => e.type === 'OrderSubmissionRequested');
      if (!lost && submission && (submission.data as { legRole: string }).legRole === 'STOP') {
        lost = true;
        throw new Error('connection terminated: the commit answer was lost');
      }
      return r;
    };
    const rig = rigOn(store, ns);
    await rig.tick('SBIN', 80_000);
    await rig.engine.openGroup(sbinPlan('sl', 10));
    await rig.watcher.idle();
    expect(lost).toBe(true);
    expect(await ordersOf(rig, 'sl', 'STOP')).toHaveLength(1);
  });
});
