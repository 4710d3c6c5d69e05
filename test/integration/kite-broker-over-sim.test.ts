import { brokerContract } from '../contract/broker.contract';
import { type KiteSimRig, rigBroker, startKiteSimRig } from '../support/kite-sim-rig';
import { NIFTY_CE, NIFTY_CE_INSTRUMENT, SBIN } from '../unit/paper-broker-harness';

/**
 * The broker contract against KiteBroker talking to the Kite simulator over HTTP (the official
 * client) and WebSocket (KiteTicker, order updates), as it runs against the paper broker.
 */
let rig: KiteSimRig;

beforeAll(async () => {
  rig = await startKiteSimRig();
});

afterAll(async () => {
  await rig.close();
});

describe('KiteBroker over the Kite simulator (contract)', () => {
  brokerContract({
    equity: SBIN,
    option: { key: NIFTY_CE, lotSize: NIFTY_CE_INSTRUMENT.lotSize },
    make: async ({ unitsPerQuote }) => {
      rig.sim.resetBook({
        liquidity: unitsPerQuote === null ? { kind: 'UNLIMITED' } : { kind: 'UNITS_PER_TICK', units: unitsPerQuote },
      });
      const broker = rigBroker(rig);
      return {
        broker,
        quote: rig.quote,
        settle: () => rig.delivered(),
        cleanup: async () => broker.close(),
      };
    },
  });

  it('reported no issue: every order, trade, position and update was read', () => {
    expect(rig.issues).toEqual([]);
  });
});
