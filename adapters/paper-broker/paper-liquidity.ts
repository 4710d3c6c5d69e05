import { floorToLots } from '../../domain/instruments/lots';
import type { Tick } from '../../domain/market/tick';
import type { Side } from '../../domain/orders/order-terms';
import type { LiquidityModel } from './paper-broker-options';

/** Units one tick offers to orders of `side` under the model (Infinity when unlimited). */
export function tickLiquidity(tick: Tick, side: Side, model: LiquidityModel): number {
  switch (model.kind) {
    case 'UNLIMITED':
      return Number.POSITIVE_INFINITY;
    case 'UNITS_PER_TICK':
      return model.units;
    case 'SHARE_OF_QUOTE': {
      const quoted = side === 'BUY' ? tick.askQty : tick.bidQty;
      if (quoted === undefined) return model.unitsWhenNoDepth;
      return Math.floor((Math.max(0, quoted) * model.percent) / 100);
    }
    default: {
      const never: never = model;
      throw new Error(`unknown liquidity model ${JSON.stringify(never)}`);
    }
  }
}

/**
 * How much of `wanted` units fills from `available`: all of it when enough is there, else whole
 * lots, and at least one lot whenever anything is available (so an order never starves on a
 * model smaller than a lot). Exchange fills of derivatives are whole lots.
 */
export function fillableQuantity(wanted: number, available: number, lotSize: number): number {
  if (available <= 0 || wanted <= 0) return 0;
  if (available >= wanted) return wanted;
  return Math.min(wanted, Math.max(lotSize, floorToLots(available, lotSize)));
}
