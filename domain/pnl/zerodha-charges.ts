import { mulDiv } from '../money/arithmetic';
import type { Paise } from '../money/paise';
import { type ChargeableTrade, type ChargesBreakdown, type ChargesModel } from './charges-model';

/**
 * A Zerodha-like intraday cost model. AN APPROXIMATION, for estimates and reports, not a contract
 * note: Zerodha charges brokerage per executed order (call `chargesFor` once per order with its
 * total quantity and average price; per fill it overstates the Rs 20 minimum), rounds some charges
 * differently, and rates change with exchange circulars and budgets. Check the rates against
 * Zerodha's brokerage calculator before relying on them.
 *
 * Rates are in units of 10^-7 of the turnover (1 bp = 1,000; 0.03% = 3,000; Rs 10 a crore = 10).
 */
export interface ZerodhaRates {
  /** Brokerage: min(rate x turnover, max); a null rate means a flat `brokerageMax` per order. */
  readonly brokerageRateE7: number | null;
  readonly brokerageMax: Paise;
  /** Securities transaction tax, on the sell side. */
  readonly sttSellRateE7: number;
  /** NSE transaction charges, both sides. */
  readonly exchangeTxnRateE7: number;
  /** SEBI turnover fees, both sides. */
  readonly sebiRateE7: number;
  /** GST on brokerage + exchange transaction charges + SEBI fees, in basis points (18% = 1,800). */
  readonly gstBps: number;
  /** Stamp duty, on the buy side. */
  readonly stampBuyRateE7: number;
}

/** NSE equity intraday (MIS), rates published by Zerodha as of late 2024. */
export const EQUITY_INTRADAY_RATES: ZerodhaRates = {
  brokerageRateE7: 3_000,
  brokerageMax: 2_000,
  sttSellRateE7: 2_500,
  exchangeTxnRateE7: 297,
  sebiRateE7: 10,
  gstBps: 1_800,
  stampBuyRateE7: 300,
};

/** NSE futures, as of late 2024 (STT on futures was proposed to rise in 2026: verify). */
export const FUTURES_RATES: ZerodhaRates = {
  ...EQUITY_INTRADAY_RATES,
  sttSellRateE7: 2_000,
  exchangeTxnRateE7: 173,
  stampBuyRateE7: 200,
};

/** NSE options, on premium turnover, as of late 2024: flat Rs 20 a order (STT may have changed in 2026: verify). */
export const OPTIONS_RATES: ZerodhaRates = {
  ...EQUITY_INTRADAY_RATES,
  brokerageRateE7: null,
  sttSellRateE7: 10_000,
  exchangeTxnRateE7: 3_503,
  stampBuyRateE7: 300,
};

/** turnover x rate / 10^7, exact, to the nearest paisa. */
function ofTurnover(turnover: Paise, rateE7: number): Paise {
  return mulDiv(turnover, rateE7, 10_000_000, 'HALF_AWAY');
}

export function zerodhaIntradayCharges(rates: ZerodhaRates = EQUITY_INTRADAY_RATES): ChargesModel {
  return {
    name: 'zerodha-intraday-approx',
    chargesFor(trade: ChargeableTrade): ChargesBreakdown {
      const turnover = trade.qty * trade.price;
      const brokerage =
        rates.brokerageRateE7 === null
          ? rates.brokerageMax
          : Math.min(rates.brokerageMax, ofTurnover(turnover, rates.brokerageRateE7));
      const stt = trade.side === 'SELL' ? ofTurnover(turnover, rates.sttSellRateE7) : 0;
      const exchangeTxn = ofTurnover(turnover, rates.exchangeTxnRateE7);
      const sebiFees = ofTurnover(turnover, rates.sebiRateE7);
      const gst = ofTurnover(brokerage + exchangeTxn + sebiFees, rates.gstBps * 1_000);
      const stampDuty = trade.side === 'BUY' ? ofTurnover(turnover, rates.stampBuyRateE7) : 0;
      return {
        brokerage,
        stt,
        exchangeTxn,
        sebiFees,
        gst,
        stampDuty,
        total: brokerage + stt + exchangeTxn + sebiFees + gst + stampDuty,
      };
    },
  };
}
