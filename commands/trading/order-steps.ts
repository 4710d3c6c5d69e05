import type { OrderIntent } from '../../domain/oco/order-intents';
import type { OrderCommand } from '../../domain/orders/order-commands';
import type { OrderEvent, OrderTicket } from '../../domain/orders/order-events';
import type { OrderState } from '../../domain/orders/order-state';
import type { ContextAt } from '../eventstore/aggregate-store';
import type { TradingContext } from './trading-context';

export type PlaceIntent = Extract<OrderIntent, { type: 'PlaceOrder' }>;

/** An order event together with the group it belongs to, for the OCO process. */
export interface OrderNews {
  readonly groupId: string;
  readonly event: OrderEvent;
  /**
   * The order's ticket (its instrument and side) when the news was made: a listener can place a
   * fill without having seen the order's submission first (news of one order may reach listeners
   * in another order than it was recorded, when the broker answers before the placement's own news).
   */
  readonly ticket?: OrderTicket;
}

/**
 * Applies one command to an order's stream and returns what it recorded. The command ID is
 * `<label>@<stream version>`, so each step has its own deterministic event IDs.
 */
export async function applyOrderCommand(
  ctx: TradingContext,
  clientOrderId: string,
  label: string,
  command: OrderCommand,
  tradingDay: string | null,
): Promise<{ state: OrderState; news: OrderNews[] }> {
  const stream = ctx.streams.order(clientOrderId);
  const r = await ctx.orders.handle(stream, command, orderStepContext(ctx, clientOrderId, label, tradingDay));
  return { state: r.state, news: newsOf(r.state, r.appended as OrderEvent[]) };
}

/** The context of one step of an order: command ID `<label>@<stream version>`, so each step has its own deterministic event IDs. */
export function orderStepContext(
  ctx: TradingContext,
  clientOrderId: string,
  label: string,
  tradingDay: string | null,
): ContextAt {
  const stream = ctx.streams.order(clientOrderId);
  return (v) => ctx.context(`${stream}/${label}@${v}`, null, tradingDay);
}

/** An order's recorded events as news for its group (none before the order has a ticket). */
export function newsOf(state: OrderState, events: readonly OrderEvent[]): OrderNews[] {
  const ticket = state.ticket ?? undefined;
  if (!ticket) return [];
  return events.map((event) => ({ groupId: ticket.groupId, event, ticket }));
}

/** The command recording an order's submission (its intent, before any broker call): the step 'submit'. */
export function submitCommand(ctx: TradingContext, intent: PlaceIntent): OrderCommand {
  const { type: _t, legIndex: _l, ...ticket } = intent;
  return { type: 'SubmitOrder', ...ticket, at: ctx.clock.nowIso() };
}

/** The IST trading day a client order ID names (its first six characters, YYMMDD). */
export function tradingDayOfOrder(clientOrderId: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})/.exec(clientOrderId);
  return m ? `20${m[1]}-${m[2]}-${m[3]}` : null;
}
