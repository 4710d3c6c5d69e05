import { isUtcInstant } from '../orders/command-time';
import type { PolicyContext } from './leg-requests';
import { placeLeg } from './leg-requests';
import { netPremiumVerdict } from './net-premium';
import { observeOrderEvent } from './observe-order-event';
import type { OcoCommand } from './oco-commands';
import { OcoRuleError } from './oco-errors';
import type { OcoEvent } from './oco-events';
import { evolveOco } from './oco-evolve';
import type { OrderProtection } from './oco-plan';
import { ocoPlanProblems } from './oco-plan-rules';
import { isLiveLeg } from './oco-position';
import type { OcoState } from './oco-state';
import { orderSlices } from './order-slices';
import { policyStep } from './policy-step';
import { stopOrderTerms } from './stop-order';

/** More steps than any group can need: a policy that keeps adding events is a bug, not a state. */
const MAX_POLICY_STEPS = 16;

/** The command's own events, then whatever the policy adds until it has nothing more to add. */
function withPolicy(state: OcoState, first: readonly OcoEvent[], ctx: PolicyContext): readonly OcoEvent[] {
  if (first.length === 0) return first;
  const out = [...first];
  let s = first.reduce(evolveOco, state);
  for (let i = 0; i < MAX_POLICY_STEPS; i++) {
    const next = policyStep(s, ctx);
    if (next.length === 0) return out;
    s = next.reduce(evolveOco, s);
    out.push(...next);
  }
  throw new Error(`OCO group ${state.plan?.groupId}: the policy did not settle in ${MAX_POLICY_STEPS} steps`);
}

function open(command: Extract<OcoCommand, { type: 'OpenGroup' }>, state: OcoState): readonly OcoEvent[] {
  const { plan, at } = command;
  if (state.plan) {
    if (state.plan.groupId === plan.groupId && state.plan.planId === plan.planId) return []; // the same plan again
    throw new OcoRuleError(`OCO group ${state.plan.groupId} already holds plan ${state.plan.planId}`);
  }
  const problems = ocoPlanProblems(plan);
  if (problems.length > 0) throw new OcoRuleError(`plan ${plan.planId} refused: ${problems.join('; ')}`);
  const opened: OcoEvent = { type: 'OcoGroupOpened', data: { plan, at } };
  const s = evolveOco(state, opened);
  // A basket buys its wings before it sells: the short legs are then margined as spreads.
  const order = plan.legs
    .map((leg, i) => ({ leg, i }))
    .sort((a, b) => Number(a.leg.side === 'SELL') - Number(b.leg.side === 'SELL'));
  // Above the freeze quantity an entry goes out in slices, one at a time (the next once the one
  // before has filled: an iceberg), see entry-slices.ts.
  const entries = order.map(({ leg, i }) =>
    placeLeg(s, command, i, 'ENTRY', leg.side, orderSlices(leg.qty, leg)[0]!, leg.entry),
  );
  return withPolicy(state, [opened, ...entries], command);
}

/**
 * EOD tightening: the stop moves toward the market, never away (for a long, up; for a short,
 * down), on the tick; the live stop order is modified to the new trigger (and its limit, for SL).
 */
function tightenStop(command: Extract<OcoCommand, { type: 'TightenStop' }>, state: OcoState): readonly OcoEvent[] {
  const plan = state.plan!;
  if (state.phase !== 'ACTIVE' || plan.protection.kind !== 'ORDERS' || plan.legs.length !== 1) return [];
  const leg = plan.legs[0]!;
  const from = plan.protection.stop.triggerPrice;
  const to = command.triggerPrice;
  if (!Number.isSafeInteger(to) || to <= 0 || to % leg.tickSize !== 0)
    throw new OcoRuleError(`a stop of ${to} paise is not on the tick of ${leg.tickSize}`);
  const tighter = leg.side === 'BUY' ? to > from : to < from;
  if (!tighter) return [];
  const tightened: OcoEvent = { type: 'OcoStopTightened', data: { from, to, at: command.at } };
  const next = evolveOco(state, tightened);
  const stopTerms = stopOrderTerms(leg, (next.plan!.protection as OrderProtection).stop);
  const modifies = next.legs
    .filter((l) => l.ticket.legRole === 'STOP' && isLiveLeg(l))
    .map(
      (l): OcoEvent => ({
        type: 'OcoLegModifyRequested',
        data: {
          groupId: l.ticket.groupId,
          clientOrderId: l.ticket.clientOrderId,
          qty: l.qty,
          limitPrice: stopTerms.limitPrice,
          triggerPrice: stopTerms.triggerPrice,
          attempt: l.modifyFailures + 1,
          at: command.at,
        },
      }),
    );
  return [tightened, ...modifies];
}

/**
 * Decides one command for an OCO group: the events to record (intents among them, see
 * `intentsFrom`), none when the command changes nothing, or an OcoRuleError.
 */
export function decideOco(command: OcoCommand, state: OcoState): readonly OcoEvent[] {
  if (!isUtcInstant(command.at))
    throw new OcoRuleError(`command ${command.type} needs a UTC instant, got ${String(command.at)}`);
  if (command.type === 'OpenGroup') return open(command, state);
  const plan = state.plan;
  if (!plan) throw new OcoRuleError(`${command.type}: the OCO group has not been opened`);
  switch (command.type) {
    case 'ObserveOrderEvent':
      return withPolicy(state, observeOrderEvent(state, command.event, command.at), command);
    case 'FlattenGroup':
      if (state.phase !== 'ENTERING' && state.phase !== 'ACTIVE') return []; // already exiting or closed
      return withPolicy(state, [{ type: 'OcoExitStarted', data: { reason: command.reason, at: command.at } }], command);
    case 'TightenStop':
      return tightenStop(command, state);
    case 'RecordRisk': {
      const leg = state.legs.find((l) => l.ticket.clientOrderId === command.clientOrderId);
      if (!leg) throw new OcoRuleError(`order ${command.clientOrderId} is not a leg of OCO group ${plan.groupId}`);
      if (state.phase === 'CLOSED') return [];
      const { clientOrderId, risk, detail, at } = command;
      return [{ type: 'OcoRiskRaised', data: { clientOrderId, legIndex: leg.legIndex, risk, detail, at } }];
    }
    case 'CheckNetPremium': {
      if (plan.protection.kind !== 'NET_PREMIUM') {
        throw new OcoRuleError(`OCO group ${plan.groupId} is protected by orders, not by a net-premium check`);
      }
      if (state.phase !== 'ACTIVE') return [];
      const { hit } = netPremiumVerdict(plan.legs, plan.protection, command.prices);
      if (!hit) return [];
      return withPolicy(state, [{ type: 'OcoExitStarted', data: { reason: hit, at: command.at } }], command);
    }
    default: {
      const never: never = command;
      throw new OcoRuleError(`unknown OCO command ${(never as { type: string }).type}`);
    }
  }
}
