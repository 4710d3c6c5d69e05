import { instrumentKey } from '../instruments/instrument';
import type { Paise } from '../money/paise';
import { toRupeeString } from '../money/paise';
import { positionLimitReasons } from './admission-book';
import { controlReasons } from './control-gates';
import { freshnessReasons, spreadReasons } from './market-gates';
import { type Reason, reason } from './reasons';
import { dailyLossLimit, heatCap, riskConfigProblems } from './risk-config';
import type { RiskContext } from './risk-context';
import { heatCapReasons, lotSizeReasons, perTradeReasons, type SizeBound, type Sizing, sizePlan } from './sizing';
import { maxSliceQty, sliceQuantity } from './slicing';
import { planProblems, type TradePlan } from './trade-plan';

export interface RiskApproval {
  readonly approved: true;
  readonly planId: string;
  /** Units, a whole number of lots. */
  readonly quantity: number;
  readonly lots: number;
  /** Exchange orders to place, each at most the freeze quantity and a lot multiple, summing to `quantity`. */
  readonly slices: readonly number[];
  readonly riskPerUnit: Paise;
  /** |entry - stop| x quantity: what the admission book reserves. */
  readonly risk: Paise;
  readonly boundBy: SizeBound;
  readonly lotsAllowedBy: Sizing['lotsAllowedBy'];
  readonly heatBefore: Paise;
  readonly heatAfter: Paise;
  readonly caps: { readonly perTrade: Paise; readonly heat: Paise; readonly dailyLoss: Paise };
}

export interface RiskBlock {
  readonly approved: false;
  readonly planId: string;
  /** Every failing check, in the order the checks run (kill switch first). */
  readonly reasons: readonly Reason[];
}

export type RiskDecision = RiskApproval | RiskBlock;

/**
 * The risk manager: checks a plan, in this order, and reports every failing reason:
 * kill switch, circuit breaker, pause, mode, market hours/EOD, data freshness, spread,
 * per-trade risk cap, heat cap, daily loss stop, position limits, lot size, freeze quantity.
 * Approved plans carry the quantity (the largest lot multiple within the per-trade cap and the heat
 * left), its slices and what bound it. Pure: the caller reserves the risk in the admission book
 * under its lock (see `admit`). Exits and cancels never come here (see `assessExit`).
 */
export function assessPlan(plan: TradePlan, ctx: RiskContext): RiskDecision {
  const { config, book } = ctx;
  const problems = planProblems(plan);
  const key = plan.instrument ? instrumentKey(plan.instrument) : '?';
  const reasons: Reason[] = controlReasons(ctx.control, ctx.phase, plan, config);
  reasons.push(...freshnessReasons(ctx.market, ctx.nowMs, config.maxTickAgeMs, key));
  reasons.push(...spreadReasons(ctx.market, config.maxSpreadBps, key));

  const configProblems = riskConfigProblems(config);
  if (configProblems.length > 0) reasons.push(reason('RISK_CONFIG_INVALID', configProblems.join('; ')));
  for (const p of problems) reasons.push(reason('PLAN_INVALID', p));
  const sizing = problems.length === 0 && configProblems.length === 0 ? sizePlan(plan, config, book) : undefined;
  if (sizing) reasons.push(...perTradeReasons(sizing, plan), ...heatCapReasons(sizing, book));

  reasons.push(...dailyLossReasons(ctx));
  reasons.push(...positionLimitReasons(book, key));

  let slices: number[] = [];
  if (sizing) {
    reasons.push(...lotSizeReasons(sizing, plan));
    if (sizing.lots > 0) {
      slices = sliceQuantity(sizing.quantity, plan.instrument.lotSize, plan.instrument.freezeQty);
      if (slices.length > config.maxSlices)
        reasons.push(freezeReason(plan, sizing.quantity, slices.length, config.maxSlices));
    }
  }

  if (reasons.length > 0 || !sizing) return { approved: false, planId: plan.planId, reasons };
  const risk = sizing.riskPerUnit * sizing.quantity;
  return {
    approved: true,
    planId: plan.planId,
    quantity: sizing.quantity,
    lots: sizing.lots,
    slices,
    riskPerUnit: sizing.riskPerUnit,
    risk,
    boundBy: sizing.boundBy,
    lotsAllowedBy: sizing.lotsAllowedBy,
    heatBefore: sizing.heatBefore,
    heatAfter: sizing.heatBefore + risk,
    caps: { perTrade: sizing.perTradeCap, heat: heatCap(config), dailyLoss: dailyLossLimit(config) },
  };
}

/** Gate 10: entries stop once realised + unrealised is at or below minus the daily loss limit. Unknown P&L blocks. */
function dailyLossReasons(ctx: RiskContext): Reason[] {
  const pnl = ctx.dailyPnl;
  if (!pnl || !Number.isSafeInteger(pnl.realised) || !Number.isSafeInteger(pnl.unrealised)) {
    return [reason('DAILY_PNL_UNKNOWN', "today's P&L could not be computed")];
  }
  const total = pnl.realised + pnl.unrealised;
  const limit = dailyLossLimit(ctx.config);
  if (total > -limit) return [];
  return [
    reason(
      'DAILY_LOSS_LIMIT',
      `today's P&L Rs ${toRupeeString(total)} has reached the daily loss stop of Rs -${toRupeeString(limit)}`,
    ),
  ];
}

function freezeReason(plan: TradePlan, quantity: number, count: number, maxSlices: number): Reason {
  const i = plan.instrument;
  return reason(
    'FREEZE_QTY_EXCEEDED',
    `${quantity} units of ${i.symbol} need ${count} orders of at most ${maxSliceQty(i.lotSize, i.freezeQty)} (freeze quantity ${i.freezeQty}), more than the ${maxSlices} allowed`,
  );
}
