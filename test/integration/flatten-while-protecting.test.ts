import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../adapters/clock/manual-clock';
import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import type { PlaceOrderRequest } from '../../commands/ports/broker';
import { OrderExecutor } from '../../commands/trading/order-executor';
import { clientOrderId, parseClientOrderId } from '../../domain/ids/client-order-id';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import type { Paise } from '../../domain/money/paise';
import { usePgStore } from '../support/pg-store-fixture';
import { makeRig, sbinPlan } from '../support/trading-rig';

/** A paper broker whose stop placements wait at a gate (a slow broker call) until it is opened. */
class GatedPaperBroker extends PaperBroker {
  stopGate: Promise<void> | null = null;
  override async placeOrder(request: PlaceOrderRequest): Promise<{ brokerOrderId: string }> {
    if (this.stopGate && parseClientOrderId(request.clientOrderId)?.leg === 'STOP') await this.stopGate;
    return super.placeOrder(request);
  }
}

const pg = usePgStore();

test('a flatten that comes while the protection is being placed cancels the legs not yet sent too: the group closes flat', async () => {
  // The crash drill's clean run of equity-kill-at-open once ended EXITING with its targets working
  // and 40 bought: the group saw the entry's fill first and asked for its stop and targets, placed
  // one after the other; the kill switch's cancels ran at once, and the cancel of a target not yet
  // submitted was dropped (nothing to cancel yet). The target was then placed, and nothing cancelled it.
  const namespace = `f${randomUUID().slice(0, 8)}`;
  const clock = new ManualClock('2025-09-04T04:00:00.000Z');
  const broker = new GatedPaperBroker({
    clock,
    instruments: builtinInstrumentMaster(),
    options: { idPrefix: namespace },
  });
  const rig = makeRig(pg.store, namespace, broker, clock);
  await rig.tick('SBIN', 80_000);
  let open!: () => void;
  broker.stopGate = new Promise<void>((r) => {
    open = r;
  });
  await rig.engine.openGroup(sbinPlan('fp1', 10)); // the entry fills at once; its stop waits at the gate
  const stopWaiting = async () => {
    for (let i = 0; i < 400; i++) {
      const stream = await pg.store.readStream(rig.engine.ctx.streams.oco('fp1'));
      if (stream.some((e) => e.type === 'OcoLegFilled')) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(
      `the entry never filled: ${(await pg.store.readStream(rig.engine.ctx.streams.oco('fp1'))).map((e) => e.type)} ${JSON.stringify(rig.alerts)}`,
    );
  };
  await stopWaiting();
  const flattening = rig.engine.flattenAll('FLATTENED');
  for (let i = 0; i < 400; i++) {
    const stream = await pg.store.readStream(rig.engine.ctx.streams.oco('fp1'));
    if (stream.some((e) => e.type === 'OcoExitStarted')) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 50)); // the flatten's cancels have run (the target's found it unsent)
  open();
  await flattening;
  await rig.watcher.idle();
  for (let i = 0; i < 3; i++) await rig.tick('SBIN', 80_000);

  const group = (await rig.engine.ctx.groups.load(rig.engine.ctx.streams.oco('fp1'))).state;
  expect(group.phase).toBe('CLOSED');
  const book = await broker.orders();
  expect(book.filter((o) => o.status === 'OPEN' || o.status === 'TRIGGER PENDING').map((o) => o.clientOrderId)).toEqual(
    [],
  );
  expect((await broker.positions()).map((p) => [p.instrument, p.quantity])).toEqual([['NSE:SBIN', 0]]);
  // The target was placed (its cancel waited for the broker's acceptance), then cancelled.
  const target = book.find((o) => parseClientOrderId(o.clientOrderId ?? '')?.leg === 'TARGET1');
  expect(target?.status).toBe('CANCELLED');
  expect(rig.alerts).toEqual([]);
});

test('a cancel or a modification asked for an order not yet submitted waits for its acceptance; neither is dropped', async () => {
  const namespace = `f${randomUUID().slice(0, 8)}`;
  const rig = makeRig(pg.store, namespace);
  const executor = new OrderExecutor(rig.engine.ctx);
  const coid = clientOrderId({
    planId: 'plan-not-yet',
    leg: 'TARGET1',
    orderType: 'LIMIT',
    validity: 'DAY',
    tradingDay: '2025-09-04',
  });
  const modify = {
    type: 'ModifyOrder' as const,
    groupId: 'ny',
    clientOrderId: coid,
    qty: 20,
    limitPrice: 81_000 as Paise,
    triggerPrice: null,
    attempt: 1,
  };
  expect(await executor.modify(modify)).toEqual([]);
  expect(executor.takeQueuedModify(coid)).toEqual(modify);
  const cancel = { type: 'CancelOrder' as const, groupId: 'ny', clientOrderId: coid, attempt: 1, reason: 'flatten' };
  expect(await executor.cancel(cancel)).toEqual([]);
  expect(executor.takeDeferredCancel(coid)).toEqual(cancel);
  expect(await rig.broker.orders()).toEqual([]); // nothing sent for either
});
