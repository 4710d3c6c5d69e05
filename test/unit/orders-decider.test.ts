import type { OrderCommand } from '../../domain/orders/order-commands';
import { decideOrder } from '../../domain/orders/order-decide';
import { orderStateFrom } from '../../domain/orders/order-decider';
import { IllegalOrderTransition, OrderRuleError } from '../../domain/orders/order-errors';
import type { OrderEvent, OrderTicket } from '../../domain/orders/order-events';
import { evolveOrder } from '../../domain/orders/order-evolve';
import { initialOrderState, type OrderState } from '../../domain/orders/order-state';

const at = '2025-09-04T04:00:00.000Z';
const ID = 'E1SBIN0904';

const ticket = (over: Partial<OrderTicket> = {}): OrderTicket => ({
  clientOrderId: ID,
  instrumentKey: 'NSE:SBIN',
  side: 'BUY',
  qty: 100,
  orderType: 'LIMIT',
  limitPrice: 80_000,
  triggerPrice: null,
  validity: 'DAY',
  product: 'MIS',
  legRole: 'ENTRY',
  groupId: 'g1',
  ...over,
});

type Cmd = OrderCommand extends infer C ? (C extends { type: infer T } ? Omit<C, 'at'> & { type: T } : never) : never;
const cmd = (c: Cmd): OrderCommand => ({ at, ...c }) as OrderCommand;

/** Given the commands already decided, the state they lead to. */
function given(...commands: Cmd[]): OrderState {
  return commands.reduce((s, c) => decideOrder(cmd(c), s).reduce(evolveOrder, s), initialOrderState());
}
const when = (state: OrderState, c: Cmd) => decideOrder(cmd(c), state);
const types = (events: readonly OrderEvent[]) => events.map((e) => e.type);

const submitted = (over: Partial<OrderTicket> = {}): Cmd => ({ type: 'SubmitOrder', ...ticket(over) });
const accepted: Cmd = { type: 'RecordAccepted', brokerOrderId: 'B1' };
const fill = (tradeId: string, qty: number, price = 80_000): Cmd => ({ type: 'RecordFill', tradeId, qty, price });

describe('order decider: submission', () => {
  it('records the intent before the broker call, with prices in paise', () => {
    const events = when(initialOrderState(), submitted());
    expect(events).toEqual([{ type: 'OrderSubmissionRequested', data: { ...ticket(), at } }]);
    expect(orderStateFrom(events).status).toBe('PENDING_SUBMIT');
  });

  it('is idempotent for the same client order ID and refuses another one on the same stream', () => {
    const s = given(submitted());
    expect(when(s, submitted())).toEqual([]);
    expect(() => when(s, submitted({ clientOrderId: 'OTHER' }))).toThrow(OrderRuleError);
  });

  it.each([
    [{ qty: 0 }, /positive whole number/],
    [{ qty: 1.5 }, /positive whole number/],
    [{ orderType: 'LIMIT' as const, limitPrice: null }, /needs a limit/],
    [{ orderType: 'MARKET' as const }, /takes no limit/],
    [{ orderType: 'SL-M' as const, limitPrice: null, triggerPrice: null }, /needs a trigger/],
    [{ orderType: 'SL' as const, side: 'SELL' as const, limitPrice: 80_100, triggerPrice: 80_000 }, /at or below/],
    [{ orderType: 'SL' as const, side: 'BUY' as const, limitPrice: 79_900, triggerPrice: 80_000 }, /at or above/],
    [{ clientOrderId: ' ' }, /client order ID/],
  ])('refuses a bad ticket %p', (over, reason) => {
    expect(() => when(initialOrderState(), submitted(over))).toThrow(reason);
  });

  it('refuses a command without a UTC instant', () => {
    expect(() => decideOrder({ ...cmd(submitted()), at: '2025-09-04 09:30' }, initialOrderState())).toThrow(
      /UTC instant/,
    );
  });
});

describe('order decider: broker outcome', () => {
  it('accepts a LIMIT order into OPEN and an SL order into TRIGGER_PENDING', () => {
    expect(given(submitted(), accepted).status).toBe('OPEN');
    const sl = submitted({ orderType: 'SL', side: 'SELL', triggerPrice: 79_000, limitPrice: 78_900 });
    expect(given(sl, accepted).status).toBe('TRIGGER_PENDING');
    expect(given(sl, accepted, { type: 'RecordTriggered' }).status).toBe('OPEN');
  });

  it('a timeout makes the outcome UNKNOWN, never guessed; the watcher resolves it', () => {
    const unknown = given(submitted(), { type: 'RecordSubmissionTimeout' });
    expect(unknown.status).toBe('UNKNOWN');
    expect(given(submitted(), { type: 'RecordSubmissionTimeout' }, accepted).status).toBe('OPEN');
    expect(
      given(submitted(), { type: 'RecordSubmissionTimeout' }, { type: 'RecordRejected', reason: 'not at broker' })
        .status,
    ).toBe('REJECTED');
  });

  it('a late timeout after the acknowledgement changes nothing', () => {
    expect(when(given(submitted(), accepted), { type: 'RecordSubmissionTimeout' })).toEqual([]);
  });

  it('a fill on an UNKNOWN order records the acknowledgement first, from the broker order ID', () => {
    const s = given(submitted(), { type: 'RecordSubmissionTimeout' });
    expect(() => when(s, fill('T1', 100))).toThrow(/broker order ID/);
    const events = when(s, { ...fill('T1', 100), brokerOrderId: 'B9' } as Cmd);
    expect(types(events)).toEqual(['OrderAccepted', 'OrderFilled']);
    const after = events.reduce(evolveOrder, s);
    expect(after.status).toBe('FILLED');
    expect(after.brokerOrderId).toBe('B9');
  });

  it('refuses a second broker order ID for the same order', () => {
    expect(() => when(given(submitted(), accepted), { type: 'RecordAccepted', brokerOrderId: 'B2' })).toThrow(
      /is broker order B1/,
    );
    expect(when(given(submitted(), accepted), accepted)).toEqual([]);
  });

  it('a rejection is an event with its reason', () => {
    const events = when(given(submitted()), { type: 'RecordRejected', reason: 'RMS: margin' });
    expect(events).toEqual([{ type: 'OrderRejected', data: { clientOrderId: ID, reason: 'RMS: margin', at } }]);
  });
});

describe('order decider: fills', () => {
  it('partial fills stay working until the quantity is filled', () => {
    const s = given(submitted(), accepted, fill('T1', 40));
    expect(s.status).toBe('PARTIALLY_FILLED');
    expect(s.filledQty).toBe(40);
    const last = when(s, fill('T2', 60, 80_010));
    expect(last).toEqual([
      { type: 'OrderFilled', data: { clientOrderId: ID, tradeId: 'T2', qty: 60, price: 80_010, filledQty: 100, at } },
    ]);
    const done = last.reduce(evolveOrder, s);
    expect(done.status).toBe('FILLED');
    expect(done.filledValue).toBe(40 * 80_000 + 60 * 80_010);
  });

  it('de-duplicates fills by trade ID', () => {
    const s = given(submitted(), accepted, fill('T1', 40));
    expect(when(s, fill('T1', 40))).toEqual([]);
  });

  it('refuses a fill that would exceed the order quantity', () => {
    expect(() => when(given(submitted(), accepted, fill('T1', 40)), fill('T2', 61))).toThrow(
      /above the order quantity/,
    );
  });

  it('refuses a fill on a cancelled order as an illegal transition', () => {
    const s = given(submitted(), accepted, { type: 'RecordCancelled', reason: 'by us' });
    expect(() => when(s, fill('T1', 10))).toThrow(IllegalOrderTransition);
  });
});

describe('order decider: cancel', () => {
  it('request, then cancelled', () => {
    const s = given(submitted(), accepted, { type: 'RequestCancel', reason: 'sibling filled' });
    expect(s.status).toBe('CANCEL_PENDING');
    expect(
      given(submitted(), accepted, { type: 'RequestCancel', reason: 'x' }, { type: 'RecordCancelled', reason: 'ok' })
        .status,
    ).toBe('CANCELLED');
  });

  it('a failed cancel puts the order back where it rests (partially filled here)', () => {
    const s = given(
      submitted(),
      accepted,
      fill('T1', 10),
      { type: 'RequestCancel', reason: 'x' },
      {
        type: 'RecordCancelFailed',
        reason: 'broker 503',
      },
    );
    expect(s.status).toBe('PARTIALLY_FILLED');
  });

  it('a fill racing the cancel wins: FILLED', () => {
    const s = given(submitted(), accepted, { type: 'RequestCancel', reason: 'x' }, fill('T1', 100));
    expect(s.status).toBe('FILLED');
    expect(when(s, { type: 'RequestCancel', reason: 'again' })).toEqual([]);
  });

  it('cannot cancel an order the broker has not acknowledged', () => {
    expect(() => when(given(submitted()), { type: 'RequestCancel', reason: 'x' })).toThrow(
      /before the broker acknowledges/,
    );
  });

  it('a repeated cancel request while one is pending records nothing', () => {
    const s = given(submitted(), accepted, { type: 'RequestCancel', reason: 'x' });
    expect(when(s, { type: 'RequestCancel', reason: 'x' })).toEqual([]);
  });

  it('the broker may cancel on its own (unsolicited)', () => {
    expect(given(submitted(), accepted, { type: 'RecordCancelled', reason: 'square-off' }).status).toBe('CANCELLED');
  });
});

describe('order decider: modify', () => {
  const modify = (qty: number, limitPrice = 80_000): Cmd => ({
    type: 'RequestModify',
    qty,
    limitPrice,
    triggerPrice: null,
  });

  it('request, then confirmed: quantity and prices change', () => {
    const s = given(submitted(), accepted, modify(150, 80_500));
    expect(s.status).toBe('MODIFY_PENDING');
    const done = given(submitted(), accepted, modify(150, 80_500), { type: 'RecordModified' });
    expect(done.status).toBe('OPEN');
    expect(done.ticket).toMatchObject({ qty: 150, limitPrice: 80_500 });
  });

  it('a failed modify keeps the old terms', () => {
    const s = given(submitted(), accepted, fill('T1', 10), modify(150), { type: 'RecordModifyFailed', reason: 'no' });
    expect(s.status).toBe('PARTIALLY_FILLED');
    expect(s.ticket?.qty).toBe(100);
  });

  it('a modify down to what has filled completes the order', () => {
    const s = given(submitted(), accepted, modify(60), fill('T1', 60), { type: 'RecordModified' });
    expect(s.status).toBe('FILLED');
  });

  it('refuses a quantity not above what has filled, and a second modify while one is pending', () => {
    const s = given(submitted(), accepted, fill('T1', 40));
    expect(() => when(s, modify(40))).toThrow(/above the 40 filled/);
    expect(() => when(given(submitted(), accepted, modify(150)), modify(160))).toThrow(/MODIFY_PENDING/);
  });

  it('a modify that changes nothing records nothing', () => {
    expect(when(given(submitted(), accepted), modify(100))).toEqual([]);
  });

  it('a cancel may overtake a pending modify; the late modify answer keeps it CANCEL_PENDING', () => {
    const s = given(
      submitted(),
      accepted,
      modify(150),
      { type: 'RequestCancel', reason: 'x' },
      { type: 'RecordModified' },
    );
    expect(s.status).toBe('CANCEL_PENDING');
    expect(s.ticket?.qty).toBe(150);
  });
});
