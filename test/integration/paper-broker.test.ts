import { brokerContract } from '../contract/broker.contract';
import { NIFTY_CE, NIFTY_CE_INSTRUMENT, paperHarness, SBIN } from '../unit/paper-broker-harness';

/** The broker contract against the paper broker: immediate, and with latency (pending states in between). */
describe.each([
  ['immediate', 0],
  ['with 250 ms latency', 250],
])('paper broker (contract, %s)', (_name, latencyMs) => {
  brokerContract({
    equity: SBIN,
    option: { key: NIFTY_CE, lotSize: NIFTY_CE_INSTRUMENT.lotSize },
    make: async ({ unitsPerQuote }) => {
      const h = paperHarness({
        latencyMs,
        liquidity: unitsPerQuote === null ? { kind: 'UNLIMITED' } : { kind: 'UNITS_PER_TICK', units: unitsPerQuote },
      });
      return {
        broker: h.broker,
        quote: h.quote,
        settle: () => h.clock.advanceBy(latencyMs),
      };
    },
  });
});
