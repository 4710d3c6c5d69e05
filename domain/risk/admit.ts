import { instrumentKey } from '../instruments/instrument';
import { type AdmissionBook, reserve } from './admission-book';
import { assessPlan, type RiskDecision } from './assess-plan';
import { reason } from './reasons';
import type { RiskContext } from './risk-context';
import type { TradePlan } from './trade-plan';

export interface Admission {
  readonly decision: RiskDecision;
  /** The book with the plan's risk reserved when approved; the same book otherwise. */
  readonly book: AdmissionBook;
}

/**
 * Assess and reserve in one step, against `ctx.book`. The caller runs it under its lock (or with
 * the book's expected version) and stores the returned book with the decision event, so that two
 * concurrent plans cannot both pass a cap only one fits. A plan already in the book is blocked
 * with DUPLICATE_PLAN (the caller answers with the existing orders).
 */
export function admit(plan: TradePlan, ctx: RiskContext): Admission {
  const book = ctx.book;
  if (book.reservations.some((r) => r.planId === plan.planId)) {
    const decision = {
      approved: false,
      planId: plan.planId,
      reasons: [reason('DUPLICATE_PLAN', `plan ${plan.planId} is already admitted`)],
    } as const;
    return { decision, book };
  }
  const decision = assessPlan(plan, ctx);
  if (!decision.approved) return { decision, book };
  const reserved = reserve(book, {
    planId: plan.planId,
    instrumentKey: instrumentKey(plan.instrument),
    risk: decision.risk,
  });
  if (!reserved.ok) return { decision: { approved: false, planId: plan.planId, reasons: reserved.reasons }, book };
  return { decision, book: reserved.book };
}
