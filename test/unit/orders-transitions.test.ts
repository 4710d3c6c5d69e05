import { IllegalOrderTransition } from '../../domain/orders/order-errors';
import { ORDER_EVENT_TYPES, type OrderEvent, type OrderEventType } from '../../domain/orders/order-events';
import { evolveOrder } from '../../domain/orders/order-evolve';
import { initialOrderState } from '../../domain/orders/order-state';
import { isTerminal, ORDER_STATUSES, type OrderStatus } from '../../domain/orders/order-status';
import { ORDER_TRANSITIONS, transitionTarget } from '../../domain/orders/order-transitions';

const at = '2025-09-04T04:00:00.000Z';
const base = { clientOrderId: 'C1', at };

function sample(type: OrderEventType): OrderEvent {
  const fill = { ...base, tradeId: 'T', qty: 1, price: 100, filledQty: 1 };
  const prices = { limitPrice: 100, triggerPrice: null };
  const byType: { [K in OrderEventType]: Extract<OrderEvent, { type: K }>['data'] } = {
    OrderSubmissionRequested: {
      ...base,
      ...prices,
      instrumentKey: 'NSE:SBIN',
      side: 'BUY',
      qty: 1,
      orderType: 'LIMIT',
      validity: 'DAY',
      product: 'MIS',
      legRole: 'ENTRY',
      groupId: 'g',
    },
    OrderAccepted: { ...base, brokerOrderId: 'B' },
    OrderSubmissionTimedOut: base,
    OrderRejected: { ...base, reason: 'r' },
    OrderTriggered: base,
    OrderPartiallyFilled: fill,
    OrderFilled: fill,
    OrderCancelRequested: { ...base, reason: 'r' },
    OrderCancelled: { ...base, reason: 'r' },
    OrderCancelFailed: { ...base, reason: 'r' },
    OrderModifyRequested: { ...base, ...prices, qty: 2 },
    OrderModified: { ...base, ...prices, qty: 2, filledQty: 0 },
    OrderModifyFailed: { ...base, reason: 'r' },
  };
  return { type, data: byType[type] } as OrderEvent;
}

const pairs = ORDER_STATUSES.flatMap((status) => ORDER_EVENT_TYPES.map((type) => [status, type] as const));
const illegal = pairs.filter(([s, t]) => ORDER_TRANSITIONS[s][t] === undefined);

describe('order transition table', () => {
  it.each(illegal)('refuses %s + %s with IllegalOrderTransition', (status, type) => {
    const state = { ...initialOrderState(), status };
    expect(() => evolveOrder(state, sample(type))).toThrow(IllegalOrderTransition);
    expect(() => evolveOrder(state, sample(type))).toThrow(`${type} is not allowed in status ${status}`);
  });

  it('terminal statuses accept no event at all', () => {
    for (const status of ORDER_STATUSES.filter(isTerminal)) {
      expect(Object.keys(ORDER_TRANSITIONS[status])).toEqual([]);
    }
  });

  it('every status is reachable from INITIAL (SETTLE can land on any resting status)', () => {
    const settleTo: OrderStatus[] = [
      'OPEN',
      'TRIGGER_PENDING',
      'PARTIALLY_FILLED',
      'MODIFY_PENDING',
      'CANCEL_PENDING',
      'FILLED',
    ];
    const seen = new Set<OrderStatus>(['INITIAL']);
    const todo: OrderStatus[] = ['INITIAL'];
    while (todo.length > 0) {
      const s = todo.pop()!;
      for (const t of Object.values(ORDER_TRANSITIONS[s])) {
        for (const next of t === 'SETTLE' ? settleTo : [t]) {
          if (!seen.has(next)) {
            seen.add(next);
            todo.push(next);
          }
        }
      }
    }
    expect([...seen].sort()).toEqual([...ORDER_STATUSES].sort());
  });

  it('an unknown outcome is resolved only by the broker: accepted or rejected, nothing else', () => {
    expect(Object.keys(ORDER_TRANSITIONS.UNKNOWN).sort()).toEqual(['OrderAccepted', 'OrderRejected']);
    expect(() => transitionTarget('UNKNOWN', 'OrderCancelRequested')).toThrow(IllegalOrderTransition);
  });

  it('no transition returns an order to INITIAL', () => {
    for (const [status, type] of pairs) {
      const target = ORDER_TRANSITIONS[status][type];
      if (target !== undefined) expect(target).not.toBe('INITIAL');
    }
  });
});
