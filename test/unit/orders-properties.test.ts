import fc from 'fast-check';
import type { OrderCommand } from '../../domain/orders/order-commands';
import { decideOrder } from '../../domain/orders/order-decide';
import { orderStateFrom } from '../../domain/orders/order-decider';
import { IllegalOrderTransition, OrderRuleError } from '../../domain/orders/order-errors';
import type { OrderEvent } from '../../domain/orders/order-events';
import { evolveOrder } from '../../domain/orders/order-evolve';
import { initialOrderState, type OrderState } from '../../domain/orders/order-state';
import { isTerminal } from '../../domain/orders/order-status';

const at = '2025-09-04T04:00:00.000Z';

const reportArb: fc.Arbitrary<OrderCommand> = fc.oneof(
  fc.constant<OrderCommand>({ type: 'RecordAccepted', brokerOrderId: 'B1', at }),
  fc.constant<OrderCommand>({ type: 'RecordSubmissionTimeout', at }),
  fc.constant<OrderCommand>({ type: 'RecordRejected', reason: 'r', at }),
  fc.constant<OrderCommand>({ type: 'RecordTriggered', at }),
  fc.record({ trade: fc.integer({ min: 0, max: 6 }), qty: fc.integer({ min: 1, max: 70 }), ack: fc.boolean() }).map(
    ({ trade, qty, ack }): OrderCommand => ({
      type: 'RecordFill',
      tradeId: `T${trade}`,
      qty,
      price: 10_000 + trade * 5,
      ...(ack ? { brokerOrderId: 'B1' } : {}),
      at,
    }),
  ),
  fc.constant<OrderCommand>({ type: 'RequestCancel', reason: 'r', at }),
  fc.constant<OrderCommand>({ type: 'RecordCancelled', reason: 'r', brokerOrderId: 'B1', at }),
  fc.constant<OrderCommand>({ type: 'RecordCancelFailed', reason: 'r', at }),
  fc
    .integer({ min: 1, max: 200 })
    .map((qty): OrderCommand => ({ type: 'RequestModify', qty, limitPrice: 9_990, triggerPrice: 10_000, at })),
  fc.constant<OrderCommand>({ type: 'RecordModified', at }),
  fc.constant<OrderCommand>({ type: 'RecordModifyFailed', reason: 'r', at }),
);

const submit: OrderCommand = {
  type: 'SubmitOrder',
  clientOrderId: 'C1',
  instrumentKey: 'NFO:NIFTY25SEP24800CE',
  side: 'SELL',
  qty: 100,
  orderType: 'SL',
  limitPrice: 9_990,
  triggerPrice: 10_000,
  validity: 'DAY',
  product: 'MIS',
  legRole: 'STOP',
  groupId: 'g',
  at,
};

interface Run {
  state: OrderState;
  events: OrderEvent[];
}

/** Runs the commands; refused ones (rule errors, illegal transitions) must leave the state untouched. */
function run(commands: readonly OrderCommand[], check: (before: OrderState, after: OrderState) => void): Run {
  let state = initialOrderState();
  const events: OrderEvent[] = [];
  for (const c of [submit, ...commands]) {
    let decided: readonly OrderEvent[];
    try {
      decided = decideOrder(c, state);
    } catch (e) {
      if (e instanceof OrderRuleError || e instanceof IllegalOrderTransition) continue;
      throw e;
    }
    const before = state;
    // Whatever decide emits, evolve accepts: decide never produces an illegal transition.
    state = decided.reduce(evolveOrder, state);
    events.push(...decided);
    check(before, state);
  }
  return { state, events };
}

describe('order decider laws', () => {
  it('filled quantity never exceeds the order and equals the sum of distinct trades; terminal is final', () => {
    fc.assert(
      fc.property(fc.array(reportArb, { maxLength: 40 }), (commands) => {
        const { state, events } = run(commands, (before, after) => {
          if (isTerminal(before.status)) expect(after).toEqual(before);
          expect(after.filledQty).toBeLessThanOrEqual(after.ticket?.qty ?? 0);
          expect(after.filledQty).toBeGreaterThanOrEqual(before.filledQty);
        });
        const fills = events.filter((e) => e.type === 'OrderFilled' || e.type === 'OrderPartiallyFilled');
        const tradeIds = fills.map((e) =>
          e.type === 'OrderFilled' || e.type === 'OrderPartiallyFilled' ? e.data.tradeId : '',
        );
        expect(new Set(tradeIds).size).toBe(tradeIds.length);
        const sum = fills.reduce((n, e) => n + (e.data as { qty: number }).qty, 0);
        expect(state.filledQty).toBe(sum);
        expect(state.status === 'FILLED').toBe(state.filledQty === state.ticket?.qty && state.filledQty > 0);
      }),
      { numRuns: 400 },
    );
  });

  it('replaying the recorded events rebuilds the same state', () => {
    fc.assert(
      fc.property(fc.array(reportArb, { maxLength: 40 }), (commands) => {
        const { state, events } = run(commands, () => {});
        expect(orderStateFrom(events)).toEqual(state);
      }),
      { numRuns: 200 },
    );
  });

  it('an UNKNOWN order leaves UNKNOWN only on a broker report, never on our own request', () => {
    fc.assert(
      fc.property(fc.array(reportArb, { maxLength: 20 }), (commands) => {
        const timeout: OrderCommand = { type: 'RecordSubmissionTimeout', at };
        run([timeout, ...commands], (before, after) => {
          if (before.status === 'UNKNOWN' && after.status !== 'UNKNOWN')
            expect(after.brokerOrderId ?? after.endReason).not.toBeNull();
        });
      }),
      { numRuns: 200 },
    );
  });
});
