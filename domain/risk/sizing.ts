import { type Paise, toRupeeString } from '../money/paise';
import { type AdmissionBook, heatOf, heatReasons } from './admission-book';
import { type Reason, reason } from './reasons';
import { perTradeCap, type RiskConfig } from './risk-config';
import { riskPerUnit, type TradePlan } from './trade-plan';

/** What limited the size: the per-trade cap, the remaining heat, or the plan's own requested quantity. */
export type SizeBound = 'PER_TRADE_RISK' | 'HEAT' | 'REQUESTED_QTY';

export interface Sizing {
  readonly riskPerUnit: Paise;
  /** Risk of one lot: riskPerUnit x lotSize. */
  readonly lotRisk: Paise;
  readonly perTradeCap: Paise;
  readonly heatBefore: Paise;
  /** Largest whole number of lots each bound allows (REQUESTED_QTY absent when the plan requests none). */
  readonly lotsAllowedBy: Readonly<Partial<Record<SizeBound, number>>>;
  /** The largest lot count every bound allows (0: blocked). */
  readonly lots: number;
  readonly quantity: number;
  /** The bound that gave `lots` (the first of PER_TRADE_RISK, HEAT, REQUESTED_QTY on a tie). */
  readonly boundBy: SizeBound;
}

/**
 * Sizes a well-formed plan: the largest lot multiple whose risk fits the per-trade cap AND the heat
 * left in the book (and the requested quantity, if any), rounded down to whole lots.
 */
export function sizePlan(plan: TradePlan, config: RiskConfig, book: AdmissionBook): Sizing {
  const lotSize = plan.instrument.lotSize;
  const rpu = riskPerUnit(plan);
  const lotRisk = rpu * lotSize;
  const cap = perTradeCap(config);
  const heatBefore = heatOf(book);
  const heatLeft = Math.max(0, book.limits.heatCap - heatBefore);
  const lotsAllowedBy: Partial<Record<SizeBound, number>> = {
    PER_TRADE_RISK: Math.floor(cap / lotRisk),
    HEAT: Math.floor(heatLeft / lotRisk),
  };
  if (plan.requestedQty !== undefined) lotsAllowedBy.REQUESTED_QTY = Math.floor(plan.requestedQty / lotSize);
  let boundBy: SizeBound = 'PER_TRADE_RISK';
  let lots = Number.POSITIVE_INFINITY;
  for (const bound of ['PER_TRADE_RISK', 'HEAT', 'REQUESTED_QTY'] as const) {
    const allowed = lotsAllowedBy[bound];
    if (allowed !== undefined && allowed < lots) {
      lots = allowed;
      boundBy = bound;
    }
  }
  return {
    riskPerUnit: rpu,
    lotRisk,
    perTradeCap: cap,
    heatBefore,
    lotsAllowedBy,
    lots,
    quantity: lots * lotSize,
    boundBy,
  };
}

/** Gate 8: one lot must fit the per-trade cap. */
export function perTradeReasons(s: Sizing, plan: TradePlan): Reason[] {
  if ((s.lotsAllowedBy.PER_TRADE_RISK ?? 0) >= 1) return [];
  return [
    reason(
      'PER_TRADE_RISK_CAP',
      `one lot of ${plan.instrument.symbol} risks Rs ${toRupeeString(s.lotRisk)} (Rs ${toRupeeString(s.riskPerUnit)} x ${plan.instrument.lotSize}), above the per-trade cap Rs ${toRupeeString(s.perTradeCap)}`,
    ),
  ];
}

/** Gate 9: one lot must fit the heat left. */
export function heatCapReasons(s: Sizing, book: AdmissionBook): Reason[] {
  return (s.lotsAllowedBy.HEAT ?? 0) >= 1 ? [] : heatReasons(book, s.lotRisk);
}

/** Gate 12: the requested quantity must be at least one lot (it is rounded down to whole lots). */
export function lotSizeReasons(s: Sizing, plan: TradePlan): Reason[] {
  const requested = s.lotsAllowedBy.REQUESTED_QTY;
  if (requested === undefined || requested >= 1) return [];
  return [
    reason(
      'LOT_SIZE',
      `requested ${plan.requestedQty} units is less than one lot of ${plan.instrument.lotSize} (${plan.instrument.symbol})`,
    ),
  ];
}
