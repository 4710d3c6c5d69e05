import type { OrderCommand } from './order-commands';
import { decideOrder } from './order-decide';
import type { OrderEvent } from './order-events';
import { evolveOrder } from './order-evolve';
import { initialOrderState, type OrderState } from './order-state';

/** The order lifecycle as a decider (structurally a `Decider<OrderCommand, OrderEvent, OrderState>`). */
export const orderDecider = {
  initialState: initialOrderState,
  decide: decideOrder,
  evolve: evolveOrder,
} as const satisfies {
  initialState(): OrderState;
  decide(command: OrderCommand, state: OrderState): readonly OrderEvent[];
  evolve(state: OrderState, event: OrderEvent): OrderState;
};

/** The state after a sequence of events. */
export function orderStateFrom(events: readonly OrderEvent[]): OrderState {
  return events.reduce(evolveOrder, initialOrderState());
}
