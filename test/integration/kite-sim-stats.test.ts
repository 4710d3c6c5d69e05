import type { KiteBroker } from '../../adapters/kite/kite-broker';
import { freshTag, type KiteSimRig, rigBroker, startKiteSimRig } from '../support/kite-sim-rig';
import { SBIN, sbin } from '../unit/paper-broker-harness';

/** GET /sim/stats: what drill:live reads of the simulator (order calls, rejections, the ticker's connections). */
let rig: KiteSimRig;
let broker: KiteBroker;

beforeAll(async () => {
  rig = await startKiteSimRig();
  broker = rigBroker(rig);
  await rig.quote(sbin(80_000));
});

afterAll(async () => {
  broker.close();
  await rig.close();
});

const stats = async () => (await fetch(`${rig.address.restRoot}/sim/stats`)).json() as Promise<Record<string, number>>;

it('counts order calls, rejections, ticker connections and subscriptions', async () => {
  rig.session.subscribe([rig.sim.instruments.byKey(SBIN)!.instrument.token], 'full');
  const before = await stats();
  expect(before).toMatchObject({ ticker_connections: 1, ticker_connections_accepted: 1, orders_rejected: 0 });
  await new Promise((r) => setTimeout(r, 200));
  expect((await stats()).ticker_subscriptions).toBe(1);
  expect((await stats()).ticker_sockets).toEqual([{ id: 1, subscriptions: 1, stalled: false }]);
  rig.sim.applyFault({ kind: 'reject_orders', count: 1, message: 'RMS: drill' });
  const order = {
    instrument: SBIN,
    side: 'BUY' as const,
    quantity: 1,
    orderType: 'LIMIT' as const,
    product: 'MIS' as const,
    validity: 'DAY' as const,
    price: 79_000,
  };
  await broker.placeOrder({ ...order, clientOrderId: freshTag('ST') });
  await broker.placeOrder({ ...order, clientOrderId: freshTag('ST') });
  const after = await stats();
  expect(after.order_calls).toBe(before.order_calls! + 2);
  expect(after.orders_rejected).toBe(1);
  expect(after.order_calls_rate_limited).toBe(0);
  expect(after.order_calls_peak_per_second).toBeGreaterThanOrEqual(1);
  rig.sim.applyFault({ kind: 'ticker_drop' });
  expect((await stats()).ticker_connections).toBe(0);
});
