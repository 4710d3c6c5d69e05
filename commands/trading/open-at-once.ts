import type { OcoCommand } from '../../domain/oco/oco-commands';
import type { OcoEvent } from '../../domain/oco/oco-events';
import type { OcoState } from '../../domain/oco/oco-state';
import { intentsFrom, type OrderIntent } from '../../domain/oco/order-intents';
import type { OrderEvent } from '../../domain/orders/order-events';
import type { Decision } from '../eventstore/aggregate-store';
import type { AppendResult, StreamWrite } from '../ports/event-store';
import { IdempotencyConflictError, WrongExpectedVersionError } from '../ports/event-store-errors';
import {
  newsOf,
  type OrderNews,
  orderStepContext,
  type PlaceIntent,
  submitCommand,
  tradingDayOfOrder,
} from './order-steps';
import type { TradingContext } from './trading-context';

export interface OpenedAtOnce {
  /** The group's state after its opening. */
  readonly state: OcoState;
  /** What the opening asked for (its entries' placements), to carry out in turn. */
  readonly intents: readonly OrderIntent[];
  /**
   * The orders whose submission (the intent) the append recorded, each with that news for its
   * group: these are this process's to send (TradingEngine.carryOut sends them as recorded).
   */
  readonly recorded: ReadonlyMap<string, readonly OrderNews[]>;
}

const refused = (err: unknown) => err instanceof WrongExpectedVersionError || err instanceof IdempotencyConflictError;

/**
 * Opens a group with ONE durable commit before any broker call: the day's index entry, the group's
 * opening and its entries' intents (each order's submission), in one atomic append
 * (EventStore.appendMulti), in that order: a store that appends them in turn leaves, on a crash,
 * a prefix of them, each a state the step-by-step opening passes through and recovery completes.
 * The event IDs are those of the step-by-step opening (the index entry, the group's command
 * 'open', each order's 'submit'), so that either path stores each event once.
 *
 * Null when nothing of this process's was written and the step-by-step path is to go, which reads
 * what is stored and decides on it: the group is not new to this process, or the append was refused
 * (something was there already), or the group's opening was stored already (another process's: as
 * on the step-by-step path, a stored submission is someone else's to send or resume).
 *
 * An error that is no refusal (the store's answer lost: stored or not) is tried once more; a
 * duplicate then is the first try's, so its orders are this process's to send (as OrderExecutor.place
 * sends a submission whose answer was lost). The group's lock is held throughout (no other command
 * to it decides on the state the append is about to change); its orders are not yet known to
 * anyone else (presumed new, as a placement presumes them).
 */
export async function openAtOnce(
  ctx: TradingContext,
  open: Extract<OcoCommand, { type: 'OpenGroup' }>,
  indexWrite: StreamWrite,
  tradingDay: string,
): Promise<OpenedAtOnce | null> {
  const stream = ctx.streams.oco(open.plan.groupId);
  const groupContext = (v: number) => ctx.context(`${stream}/open@${v}`, null, tradingDay);
  return ctx.groups.decideThen(stream, [open], groupContext, opening, { presumeNew: true });

  async function opening(group: Decision<OcoEvent, OcoState>): Promise<OpenedAtOnce | null> {
    if (group.version !== -1 || !group.write) return null;
    const intents = intentsFrom(group.events as OcoEvent[]);
    const places = ctx.mayPlaceOrders() ? intents.filter((i): i is PlaceIntent => i.type === 'PlaceOrder') : [];
    const decided = await Promise.all(
      places.map(async (intent) => {
        const coid = intent.clientOrderId;
        const orderStream = ctx.streams.order(coid);
        ctx.orders.presumeNew(orderStream);
        const context = orderStepContext(ctx, coid, 'submit', tradingDayOfOrder(coid));
        return { coid, decision: await ctx.orders.decision(orderStream, [submitCommand(ctx, intent)], context) };
      }),
    );
    // An order this process knew already is left to the placement, which decides on what it holds.
    const orders = decided.filter((o) => o.decision.version === -1 && o.decision.write);
    const writes = [indexWrite, group.write, ...orders.map((o) => o.decision.write!)];
    const settle = (r: readonly AppendResult[] | null) => {
      group.settle(r?.[1] ?? null);
      for (const [i, o] of orders.entries()) o.decision.settle(r?.[2 + i] ?? null);
    };
    let results: AppendResult[];
    let retried = false;
    try {
      results = await ctx.store.appendMulti(writes);
    } catch (err) {
      if (refused(err)) {
        settle(null);
        return null;
      }
      try {
        retried = true;
        results = await ctx.store.appendMulti(writes);
      } catch (again) {
        settle(null);
        if (refused(again)) return null;
        throw again;
      }
    }
    settle(results);
    if (results[1]!.duplicate && !retried) return null;
    const recorded = new Map<string, readonly OrderNews[]>();
    orders.forEach((o, i) => {
      if (retried || !results[2 + i]!.duplicate)
        recorded.set(o.coid, newsOf(o.decision.state, o.decision.events as OrderEvent[]));
    });
    return { state: group.state, intents, recorded };
  }
}
