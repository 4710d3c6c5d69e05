import type { IsoDate } from '../../domain/calendar/ist-time';
import { createOptionContract } from '../../domain/instruments/contract-factory';
import type { Instrument } from '../../domain/instruments/instrument';
import type { UnderlyingSpec } from '../../domain/instruments/underlyings';
import type { Bar } from '../../domain/market/bar';
import { modelPriceToTick } from '../../domain/market/float-prices';
import { bsPrice } from '../../domain/market/options/black-scholes';
import { expiryCloseMs, YEAR_MS } from '../../domain/market/options/option-analytics';
import { chainFromInstruments, type OptionChain } from '../../domain/market/options/option-chain';
import { smileVol } from '../../domain/market/synthetic/smile';

/**
 * A model option chain over a recorded underlying day, for tests: no free full-day option data
 * exists (see shared/fixtures/market/README.md), so each contract's bar is Black-Scholes (with
 * the synthetic day's smile) applied to the underlying's bar, on the contract's tick.
 */
export interface ModelChain {
  readonly chain: OptionChain;
  readonly instruments: readonly Instrument[];
  /** The contracts' bars for one underlying bar, with each contract's open interest. */
  barsFor(underlying: Bar): { bar: Bar; oi: number }[];
}

export function modelChain(
  spec: UnderlyingSpec,
  expiry: IsoDate,
  spot: number,
  opts: { strikesEachSide: number; atmIv: number; rate: number },
): ModelChain {
  const atm = modelPriceToTick(spot, spec.strikeStep, 'NEAREST');
  const instruments: Instrument[] = [];
  for (let k = -opts.strikesEachSide; k <= opts.strikesEachSide; k++) {
    for (const right of ['CE', 'PE'] as const) {
      instruments.push(
        createOptionContract(spec, { expiry, expiryKind: 'WEEKLY', strike: atm + k * spec.strikeStep, right }),
      );
    }
  }
  const chain = chainFromInstruments(instruments, spec.name, spec.indexKey, expiry);
  const expiryMs = expiryCloseMs(expiry);
  return {
    chain,
    instruments,
    barsFor(u: Bar) {
      const years = Math.max(0, (expiryMs - (Date.parse(u.start) + 60_000)) / YEAR_MS);
      return chain.contracts.map((c) => {
        const price = (s: number) =>
          Math.max(
            c.instrument.tickSize,
            modelPriceToTick(
              bsPrice(c.right, {
                spot: s,
                strike: c.strike,
                years,
                vol: smileVol(opts.atmIv, s, c.strike, years),
                rate: opts.rate,
              }),
              c.instrument.tickSize,
              'NEAREST',
            ),
          );
        const [lowS, highS] = c.right === 'CE' ? [u.low, u.high] : [u.high, u.low];
        const open = price(u.open);
        const close = price(u.close);
        const z = Math.log(c.strike / u.close) / (opts.atmIv * Math.sqrt(Math.max(years, 1e-6)));
        const liquidity = Math.exp((-z * z) / 4);
        const lots = Math.max(1, Math.round(400 * liquidity));
        return {
          bar: {
            key: c.key,
            start: u.start,
            open,
            high: Math.max(open, close, price(highS)),
            low: Math.min(open, close, price(lowS)),
            close,
            volume: lots * c.instrument.lotSize,
          },
          oi: Math.round(20_000 * liquidity + 100) * c.instrument.lotSize,
        };
      });
    },
  };
}
