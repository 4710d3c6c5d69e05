import { orderPriceProblems } from '../orders/order-price-rules';
import type { NetPremiumProtection, OcoLegPlan, OcoPlan, OrderProtection } from './oco-plan';
import { isOption } from './stop-order';

const positiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const text = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

function legProblems(leg: OcoLegPlan, n: number): string[] {
  const out: string[] = [];
  const name = `leg ${n} (${leg.instrumentKey})`;
  if (!text(leg.instrumentKey)) out.push(`leg ${n} has no instrument`);
  if (leg.side !== 'BUY' && leg.side !== 'SELL') out.push(`${name}: side must be BUY or SELL`);
  if (!positiveInt(leg.lotSize)) out.push(`${name}: lot size must be a positive whole number, got ${leg.lotSize}`);
  if (!positiveInt(leg.tickSize)) out.push(`${name}: tick size must be positive whole paise, got ${leg.tickSize}`);
  if (!positiveInt(leg.qty)) out.push(`${name}: quantity must be a positive whole number, got ${leg.qty}`);
  else if (positiveInt(leg.lotSize) && leg.qty % leg.lotSize !== 0) {
    out.push(`${name}: quantity ${leg.qty} is not a whole number of lots of ${leg.lotSize}`);
  }
  if (
    leg.freezeQty !== undefined &&
    leg.freezeQty !== 0 &&
    !(positiveInt(leg.freezeQty) && leg.freezeQty >= leg.lotSize)
  )
    out.push(`${name}: freeze quantity must be at least one lot, got ${leg.freezeQty}`);
  out.push(...orderPriceProblems(leg.entry.orderType, leg.side, leg.entry).map((p) => `${name} entry: ${p}`));
  return out;
}

function orderProtectionProblems(p: OrderProtection, legs: readonly OcoLegPlan[]): string[] {
  if (legs.length !== 1) return [`protection by stop and target orders needs exactly one leg, got ${legs.length}`];
  const leg = legs[0]!;
  const out: string[] = [];
  const { triggerPrice, limitBuffer } = p.stop;
  if (!positiveInt(triggerPrice)) out.push(`the stop trigger must be positive whole paise, got ${triggerPrice}`);
  if (limitBuffer === null) {
    if (isOption(leg))
      out.push(`SL-M is not allowed on NSE options: ${leg.instrumentKey} needs an SL stop with a limit buffer`);
  } else if (!positiveInt(limitBuffer) || (positiveInt(leg.tickSize) && limitBuffer % leg.tickSize !== 0)) {
    out.push(
      `the stop's limit buffer must be a positive whole number of ticks (${leg.tickSize} paise), got ${limitBuffer}`,
    );
  }
  if (p.targets.length < 1 || p.targets.length > 2) out.push(`one or two targets, got ${p.targets.length}`);
  for (const t of p.targets) if (!positiveInt(t)) out.push(`a target must be positive whole paise, got ${t}`);
  // Long: stop < entry < T1 < T2. Short: the mirror image.
  const up = leg.side === 'BUY' ? 1 : -1;
  const ladder = [triggerPrice, ...(leg.entry.limitPrice === null ? [] : [leg.entry.limitPrice]), ...p.targets];
  for (let i = 1; i < ladder.length; i++) {
    if (up * (ladder[i]! - ladder[i - 1]!) <= 0) {
      out.push(
        `a ${leg.side} group needs stop, entry and targets ${up > 0 ? 'rising' : 'falling'} in that order, got ${ladder.join(', ')}`,
      );
      break;
    }
  }
  if (
    p.targets.length === 2 &&
    !(Number.isSafeInteger(p.target1ShareBps) && p.target1ShareBps > 0 && p.target1ShareBps < 10_000)
  ) {
    out.push(`the first target's share must be between 1 and 9999 basis points, got ${p.target1ShareBps}`);
  }
  return out;
}

function netPremiumProblems(p: NetPremiumProtection, legs: readonly OcoLegPlan[]): string[] {
  const out: string[] = [];
  if (legs.length < 2) out.push(`a net-premium (basket) group needs two or more legs, got ${legs.length}`);
  if (new Set(legs.map((l) => l.qty)).size > 1) out.push('every leg of a basket must have the same quantity');
  if (!Number.isSafeInteger(p.stopNetPremium) || !Number.isSafeInteger(p.targetNetPremium)) {
    out.push('net-premium stop and target must be whole paise');
  } else if (p.targetNetPremium >= p.stopNetPremium) {
    out.push(`the net-premium target (${p.targetNetPremium}) must be below its stop (${p.stopNetPremium})`);
  }
  return out;
}

/** Every problem that makes the plan unusable (empty when it can be opened). */
export function ocoPlanProblems(plan: OcoPlan): string[] {
  const out: string[] = [];
  if (!text(plan.groupId)) out.push('the group has no ID');
  if (!text(plan.planId)) out.push('the group has no plan ID');
  if (!Number.isSafeInteger(plan.maxRetries) || plan.maxRetries < 0) {
    out.push(`maxRetries must be a whole number >= 0, got ${plan.maxRetries}`);
  }
  if (!Array.isArray(plan.legs) || plan.legs.length === 0) return [...out, 'the group has no legs'];
  out.push(...plan.legs.flatMap((leg, i) => legProblems(leg, i)));
  if (new Set(plan.legs.map((l) => l.instrumentKey)).size !== plan.legs.length)
    out.push('two legs on the same instrument');
  switch (plan.protection.kind) {
    case 'ORDERS':
      out.push(...orderProtectionProblems(plan.protection, plan.legs));
      break;
    case 'NET_PREMIUM':
      out.push(...netPremiumProblems(plan.protection, plan.legs));
      break;
    default: {
      const never: never = plan.protection;
      out.push(`unknown protection ${(never as { kind: string }).kind}`);
    }
  }
  return out;
}
