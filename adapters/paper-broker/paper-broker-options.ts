/**
 * How the paper broker simulates the market and the broker. Every setting has a default
 * (`DEFAULT_PAPER_BROKER_OPTIONS`): an immediate, frictionless, Kite-strict broker.
 */

/** Price paid beyond the touch by MARKET and triggered SL-M orders (never by LIMIT or SL). */
export type SlippageModel =
  | { readonly kind: 'NONE' }
  /** This many ticks worse than the touch. */
  | { readonly kind: 'TICKS'; readonly ticks: number }
  /** This many basis points of the touch worse, rounded away from the order's favour onto the tick. */
  | { readonly kind: 'BPS'; readonly bps: number };

/** How many units one tick can fill, per instrument and side, shared by the orders in time order. */
export type LiquidityModel =
  | { readonly kind: 'UNLIMITED' }
  | { readonly kind: 'UNITS_PER_TICK'; readonly units: number }
  /**
   * A share of the quantity quoted on the other side (askQty for a BUY, bidQty for a SELL), in
   * percent (1-100); `unitsWhenNoDepth` when the tick carries no quantities.
   */
  | { readonly kind: 'SHARE_OF_QUOTE'; readonly percent: number; readonly unitsWhenNoDepth: number };

export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

export interface PaperBrokerOptions {
  /**
   * Starts every order ID (`<prefix>O000000001`) and trade ID (`<prefix>T000000001`): give each
   * paper account or run its own, so their IDs never collide. Letters and digits, 1-12.
   */
  readonly idPrefix: string;
  /** Clock time before an order goes live and before a cancel takes effect; 0 = at once. */
  readonly latencyMs: number;
  readonly slippage: SlippageModel;
  readonly liquidity: LiquidityModel;
  /**
   * Kite since April 2026: MARKET and SL-M orders must carry market_protection (-1 or 1-100).
   * Off: an order without it is accepted and fills unprotected.
   */
  readonly requireMarketProtection: boolean;
  /** The protection used for market_protection -1 (Kite decides it on its side), in percent. */
  readonly autoMarketProtectionPercent: number;
  /** Orders above the freeze quantity are sliced into several orders with the same tag (Kite's autoslice) instead of refused. */
  readonly autoslice: boolean;
  /** Refuse a stop whose trigger the last traded price has already crossed, as Kite does. */
  readonly refuseCrossedStops: boolean;
  /** Order calls (place, modify, cancel) above this rate are refused 429-like (RETRYABLE). Null: no limit. */
  readonly orderRateLimit: RateLimit | null;
}

export const DEFAULT_PAPER_BROKER_OPTIONS: PaperBrokerOptions = {
  idPrefix: 'PAPER',
  latencyMs: 0,
  slippage: { kind: 'NONE' },
  liquidity: { kind: 'UNLIMITED' },
  requireMarketProtection: true,
  autoMarketProtectionPercent: 2,
  autoslice: false,
  refuseCrossedStops: true,
  orderRateLimit: null,
};

const ID_PREFIX = /^[A-Za-z0-9]{1,12}$/;

const wholeAtLeast = (v: number, min: number): boolean => Number.isSafeInteger(v) && v >= min;

/** The defaults with `overrides` applied; throws with every problem when a setting is unusable. */
export function paperBrokerOptions(overrides: Partial<PaperBrokerOptions> = {}): PaperBrokerOptions {
  const o: PaperBrokerOptions = { ...DEFAULT_PAPER_BROKER_OPTIONS, ...overrides };
  const problems: string[] = [];
  if (!ID_PREFIX.test(o.idPrefix)) problems.push(`idPrefix must be 1-12 letters or digits, got '${o.idPrefix}'`);
  if (!wholeAtLeast(o.latencyMs, 0)) problems.push(`latencyMs must be a whole number >= 0, got ${o.latencyMs}`);
  problems.push(...slippageProblems(o.slippage), ...liquidityProblems(o.liquidity));
  if (!(o.autoMarketProtectionPercent > 0 && o.autoMarketProtectionPercent <= 100)) {
    problems.push(`autoMarketProtectionPercent must be above 0 and at most 100, got ${o.autoMarketProtectionPercent}`);
  }
  if (o.orderRateLimit && !(wholeAtLeast(o.orderRateLimit.limit, 1) && wholeAtLeast(o.orderRateLimit.windowMs, 1))) {
    problems.push('orderRateLimit needs a whole limit >= 1 and windowMs >= 1');
  }
  if (problems.length > 0) throw new Error(`paper broker options: ${problems.join('; ')}`);
  return o;
}

function slippageProblems(s: SlippageModel): string[] {
  switch (s.kind) {
    case 'NONE':
      return [];
    case 'TICKS':
      return wholeAtLeast(s.ticks, 0) ? [] : [`slippage ticks must be a whole number >= 0, got ${s.ticks}`];
    case 'BPS':
      return wholeAtLeast(s.bps, 0) ? [] : [`slippage bps must be a whole number >= 0, got ${s.bps}`];
    default: {
      const never: never = s;
      return [`unknown slippage model ${JSON.stringify(never)}`];
    }
  }
}

function liquidityProblems(l: LiquidityModel): string[] {
  switch (l.kind) {
    case 'UNLIMITED':
      return [];
    case 'UNITS_PER_TICK':
      return wholeAtLeast(l.units, 1) ? [] : [`liquidity units per tick must be a whole number >= 1, got ${l.units}`];
    case 'SHARE_OF_QUOTE':
      return [
        ...(wholeAtLeast(l.percent, 1) && l.percent <= 100
          ? []
          : [`liquidity percent of the quote must be a whole number 1-100, got ${l.percent}`]),
        ...(wholeAtLeast(l.unitsWhenNoDepth, 0)
          ? []
          : [`liquidity unitsWhenNoDepth must be a whole number >= 0, got ${l.unitsWhenNoDepth}`]),
      ];
    default: {
      const never: never = l;
      return [`unknown liquidity model ${JSON.stringify(never)}`];
    }
  }
}
