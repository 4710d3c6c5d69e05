import { cancelRetries } from './cancel-retries';
import { nextEntrySlices } from './entry-slices';
import { exitTrigger } from './exit-trigger';
import { exitWork } from './exit-work';
import type { PolicyContext } from './leg-requests';
import type { OcoEvent } from './oco-events';
import type { OcoState } from './oco-state';
import { reconcileProtection } from './protection-reconcile';

/** ENTERING: the first entry fill activates the group; an entry that ends with nothing filled winds it down. */
function entering(state: OcoState, at: string): OcoEvent[] {
  const entries = state.legs.filter((l) => l.ticket.legRole === 'ENTRY');
  if (entries.some((l) => l.filledQty > 0)) return [{ type: 'OcoGroupActivated', data: { at } }];
  const ended = entries.find((l) => l.status === 'REJECTED' || l.status === 'CANCELLED');
  if (!ended) return [];
  const reason = ended.status === 'REJECTED' ? 'ENTRY_REJECTED' : 'ENTRY_CANCELLED';
  return [{ type: 'OcoExitStarted', data: { reason, at } }];
}

function active(state: OcoState, ctx: PolicyContext): OcoEvent[] {
  const exit = exitTrigger(state, ctx.at);
  if (exit.length > 0) return exit;
  const protection = state.plan!.protection;
  const resize = protection.kind === 'ORDERS' ? reconcileProtection(state, protection, ctx) : [];
  if (resize.some((e) => e.type === 'OcoExitStarted')) return resize;
  return [...cancelRetries(state, ctx.at), ...resize, ...nextEntrySlices(state, ctx)];
}

/**
 * The OCO policy, one step: what the group must do in its present state (intents recorded as
 * events, phase changes). Applied until it has nothing more to add; each step is idempotent.
 */
export function policyStep(state: OcoState, ctx: PolicyContext): OcoEvent[] {
  switch (state.phase) {
    case 'NEW':
    case 'CLOSED':
      return [];
    case 'ENTERING':
      return entering(state, ctx.at);
    case 'ACTIVE':
      return active(state, ctx);
    case 'EXITING':
      return [...cancelRetries(state, ctx.at), ...exitWork(state, ctx)];
    default: {
      const never: never = state.phase;
      throw new Error(`unknown group phase ${String(never)}`);
    }
  }
}
