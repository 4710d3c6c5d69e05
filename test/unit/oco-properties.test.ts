import fc from 'fast-check';
import type { OcoCommand } from '../../domain/oco/oco-commands';
import { decideOco } from '../../domain/oco/oco-decide';
import { evolveOco } from '../../domain/oco/oco-evolve';
import type { OcoPlan } from '../../domain/oco/oco-plan';
import { protectiveQty, workingLegs } from '../../domain/oco/oco-position';
import { initialOcoState, type OcoState } from '../../domain/oco/oco-state';
import { intentsFrom, type OrderIntent } from '../../domain/oco/order-intents';
import type { OrderCommand } from '../../domain/orders/order-commands';
import { decideOrder } from '../../domain/orders/order-decide';
import { evolveOrder } from '../../domain/orders/order-evolve';
import { initialOrderState, type OrderState } from '../../domain/orders/order-state';
import { isAcknowledgedWorking, isWorking } from '../../domain/orders/order-status';
import { sideSign } from '../../domain/orders/order-terms';
import { at, command, condorPlan, equityLeg, observe, optionLeg, protection, singlePlan } from './oco-fixtures';

type Kind =
  | 'fillPart'
  | 'fillAll'
  | 'cancelAck'
  | 'cancelFail'
  | 'modifyAck'
  | 'modifyFail'
  | 'reject'
  | 'brokerCancel'
  | 'flatten'
  | 'eod'
  | 'check';
/** An order command without its time (distributed over the union). */
type Untimed = OrderCommand extends infer C ? (C extends OrderCommand ? Omit<C, 'at'> : never) : never;

interface Step {
  readonly kind: Kind;
  readonly pick: number;
  readonly size: number;
}

/**
 * The group, its orders (each run through the order decider) and a broker that answers in any
 * order the script says: fills, cancels and their failures, modifications, rejections.
 * Intents are carried out at once, as the execution engine would: the broker is the only lag.
 */
class World {
  oco: OcoState = initialOcoState();
  readonly orders = new Map<string, OrderState>();
  private readonly queuedModify = new Map<string, Extract<OrderIntent, { type: 'ModifyOrder' }>>();
  private trades = 0;

  constructor(
    readonly plan: OcoPlan,
    private readonly afterEachDecision: (w: World) => void,
  ) {}

  group(c: OcoCommand): void {
    const events = decideOco(c, this.oco);
    this.oco = events.reduce(evolveOco, this.oco);
    this.afterEachDecision(this);
    for (const intent of intentsFrom(events)) this.carryOut(intent);
  }

  order(id: string, c: Untimed): void {
    const before = this.orders.get(id)!;
    const events = decideOrder({ ...c, at } as OrderCommand, before);
    this.orders.set(id, events.reduce(evolveOrder, before));
    for (const e of events) this.group(observe(e));
  }

  private carryOut(intent: OrderIntent): void {
    switch (intent.type) {
      case 'PlaceOrder': {
        const { type: _t, legIndex: _l, ...ticket } = intent;
        this.orders.set(ticket.clientOrderId, initialOrderState());
        this.order(ticket.clientOrderId, { type: 'SubmitOrder', ...ticket });
        this.order(ticket.clientOrderId, { type: 'RecordAccepted', brokerOrderId: `B${ticket.clientOrderId}` });
        return;
      }
      case 'CancelOrder':
        this.order(intent.clientOrderId, { type: 'RequestCancel', reason: intent.reason });
        return;
      case 'ModifyOrder':
        this.modify(intent);
        return;
      default: {
        const never: never = intent;
        throw new Error(`unknown intent ${String(never)}`);
      }
    }
  }

  /** One modification per order at a time, the latest waiting; moot once the order is cancelling or done, or has filled past it. */
  private modify(intent: Extract<OrderIntent, { type: 'ModifyOrder' }>): void {
    const o = this.orders.get(intent.clientOrderId)!;
    if (o.status === 'MODIFY_PENDING') {
      this.queuedModify.set(intent.clientOrderId, intent);
      return;
    }
    if (!['OPEN', 'TRIGGER_PENDING', 'PARTIALLY_FILLED'].includes(o.status)) return;
    // A modification queued behind another can be overtaken by fills: moot once the order has filled
    // what it was to be resized to (the group, which saw the fills, asks again for what it needs).
    if (intent.qty <= o.filledQty) return;
    const { qty, limitPrice, triggerPrice } = intent;
    this.order(intent.clientOrderId, { type: 'RequestModify', qty, limitPrice, triggerPrice });
  }

  private modifyAnswered(id: string): void {
    const next = this.queuedModify.get(id);
    this.queuedModify.delete(id);
    if (next) this.modify(next);
  }

  private legOf(id: string) {
    return this.oco.legs.find((l) => l.ticket.clientOrderId === id)!;
  }

  private candidates(kind: Kind): string[] {
    return [...this.orders.entries()]
      .filter(([, o]) => {
        switch (kind) {
          case 'fillPart':
          case 'fillAll':
            return isAcknowledgedWorking(o.status);
          case 'cancelAck':
          case 'cancelFail':
            return o.cancelPending && isWorking(o.status);
          case 'modifyAck':
          case 'modifyFail':
            return o.pendingModify !== null && isWorking(o.status);
          case 'reject':
            return (o.status === 'OPEN' || o.status === 'TRIGGER_PENDING') && o.filledQty === 0;
          case 'brokerCancel':
            return isAcknowledgedWorking(o.status) && !o.cancelPending;
          default:
            return false;
        }
      })
      .map(([id]) => id);
  }

  /** The broker (or the operator, for the group commands) does one thing. */
  act(step: Step): void {
    if (step.kind === 'flatten' || step.kind === 'eod') {
      this.group(command({ type: 'FlattenGroup', reason: step.kind === 'eod' ? 'EOD' : 'FLATTENED' }));
      return;
    }
    if (step.kind === 'check') {
      if (this.plan.protection.kind !== 'NET_PREMIUM') return;
      const prices = Object.fromEntries(
        this.plan.legs.map((l, i) => [l.instrumentKey, (step.size * (i + 3)) % 30_000]),
      );
      this.group(command({ type: 'CheckNetPremium', prices }));
      return;
    }
    const ids = this.candidates(step.kind);
    if (ids.length === 0) return;
    this.resolve(ids[step.pick % ids.length]!, step.kind, step.size);
  }

  resolve(id: string, kind: Kind, size = 0): void {
    const o = this.orders.get(id)!;
    switch (kind) {
      case 'fillPart':
      case 'fillAll': {
        const lot = this.plan.legs[this.legOf(id).legIndex]!.lotSize;
        const lots = (o.ticket!.qty - o.filledQty) / lot;
        const take = kind === 'fillAll' || lots === 1 ? lots : 1 + (size % (lots - 1));
        this.order(id, { type: 'RecordFill', tradeId: `T${++this.trades}`, qty: take * lot, price: 10_000 });
        return;
      }
      case 'cancelAck':
      case 'brokerCancel':
        this.order(id, { type: 'RecordCancelled', reason: kind });
        return;
      case 'cancelFail':
        this.order(id, { type: 'RecordCancelFailed', reason: 'broker 503' });
        return;
      case 'modifyAck':
      case 'modifyFail':
        // The broker refuses to bring an order below what has already filled.
        if (kind === 'modifyAck' && o.pendingModify!.qty > o.filledQty) this.order(id, { type: 'RecordModified' });
        else this.order(id, { type: 'RecordModifyFailed', reason: 'refused' });
        this.modifyAnswered(id);
        return;
      case 'reject':
        this.order(id, { type: 'RecordRejected', reason: 'RMS' });
        return;
      default:
        throw new Error(`not a broker action: ${kind}`);
    }
  }

  /** Signed position per plan leg, from the orders' own fills (not from the group's bookkeeping). */
  position(legIndex: number): number {
    let n = 0;
    for (const o of this.orders.values()) {
      if (o.ticket?.instrumentKey === this.plan.legs[legIndex]!.instrumentKey)
        n += sideSign(o.ticket.side) * o.filledQty;
    }
    return n;
  }

  flat(): boolean {
    return this.plan.legs.every((_, i) => this.position(i) === 0);
  }

  workingOrders(): string[] {
    return [...this.orders.entries()].filter(([, o]) => isWorking(o.status)).map(([id]) => id);
  }

  /** Flatten, then let the broker answer everything well (and an operator cancel what the group gave up on). */
  settle(): void {
    if (this.oco.phase === 'ENTERING' || this.oco.phase === 'ACTIVE') {
      this.group(command({ type: 'FlattenGroup', reason: 'FLATTENED' }));
    }
    for (let round = 0; round < 200; round++) {
      const id = this.workingOrders()[0];
      if (!id) return;
      const o = this.orders.get(id)!;
      if (o.cancelPending) this.resolve(id, 'cancelAck');
      else if (o.pendingModify) this.resolve(id, 'modifyAck');
      else if (o.ticket!.legRole === 'EXIT') this.resolve(id, 'fillAll');
      else this.resolve(id, 'brokerCancel');
    }
    throw new Error('the broker could not settle the group');
  }

  exitsExhausted(): boolean {
    return this.plan.legs.some(
      (_, i) =>
        this.oco.legs.filter((l) => l.legIndex === i && l.ticket.legRole === 'EXIT' && l.status === 'REJECTED').length >
        this.plan.maxRetries,
    );
  }
}

/** The laws, checked after every decision of the group. */
function laws(w: World): void {
  const s = w.oco;
  if (s.phase === 'CLOSED') {
    // (a) no working sibling in a closed group; (c) a closed group is flat with nothing working.
    expect(workingLegs(s)).toEqual([]);
    expect(w.workingOrders()).toEqual([]);
    expect(w.flat()).toBe(true);
  }
  if (s.phase === 'ACTIVE' && w.plan.protection.kind === 'ORDERS') {
    // (b) while open and protected, the protective orders cover exactly the open position.
    const open = sideSign(w.plan.legs[0]!.side) * w.position(0);
    expect(open).toBeGreaterThan(0);
    expect(protectiveQty(s)).toEqual({ stop: open, targets: open });
  }
}

const singlePlans: OcoPlan[] = [
  singlePlan({ maxRetries: 1 }),
  singlePlan({ legs: [equityLeg({ lotSize: 10 })], maxRetries: 0 }),
  singlePlan({
    legs: [equityLeg({ side: 'SELL', lotSize: 25, qty: 200 })],
    protection: protection({ stop: { triggerPrice: 81_000, limitBuffer: 50 }, targets: [78_000, 76_000] }),
  }),
  singlePlan({
    legs: [optionLeg('NIFTY25SEP24800CE', 'BUY', 12_000, 325)],
    protection: protection({
      stop: { triggerPrice: 9_000, limitBuffer: 100 },
      targets: [15_000, 18_000],
      target1ShareBps: 3_000,
    }),
    maxRetries: 2,
  }),
];

const weighted: Kind[] = [
  'fillPart',
  'fillPart',
  'fillPart',
  'fillAll',
  'fillAll',
  'cancelAck',
  'cancelAck',
  'cancelFail',
  'modifyAck',
  'modifyAck',
  'modifyFail',
  'reject',
  'brokerCancel',
  'flatten',
  'eod',
  'check',
  'check',
];
const stepArb = fc.record({
  kind: fc.constantFrom(...weighted),
  pick: fc.nat({ max: 50 }),
  size: fc.nat({ max: 30_000 }),
});
/** Entry fills first-heavy scripts: most runs get an open, protected position to work on. */
const scriptArb = fc.tuple(
  fc.array(fc.constantFrom<Kind>('fillPart', 'fillAll'), { maxLength: 3 }),
  fc.array(stepArb, { maxLength: 50 }),
);

function run(plan: OcoPlan, head: readonly Kind[], steps: readonly Step[]): World {
  const w = new World(plan, laws);
  w.group(command({ type: 'OpenGroup', plan }));
  for (const kind of head) w.act({ kind, pick: 0, size: 1 });
  for (const step of steps) w.act(step);
  w.settle();
  return w;
}

describe('OCO laws under any interleaving of fills, cancels, failures and rejections', () => {
  it('single-instrument groups: no orphan, protection equals the position, no early close, always closes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...singlePlans), scriptArb, (plan, [head, steps]) => {
        const w = run(plan, head, steps);
        if (w.exitsExhausted()) {
          expect(w.oco.phase).not.toBe('CLOSED');
          return;
        }
        expect(w.oco.phase).toBe('CLOSED');
        expect(w.flat()).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it('baskets: no orphan, no early close, every leg flat at the close', () => {
    const reasons = new Set<string>();
    fc.assert(
      fc.property(scriptArb, ([head, steps]) => {
        const plan = condorPlan({ maxRetries: 1 });
        const w = run(plan, [...head, ...head, ...head, ...head], steps);
        if (!w.exitsExhausted()) expect(w.oco.phase).toBe('CLOSED');
        reasons.add(String(w.oco.closeReason));
      }),
      { numRuns: 400, seed: 7 },
    );
    expect([...reasons]).toEqual(expect.arrayContaining(['STOP_HIT', 'TARGET_HIT', 'FLATTENED', 'ENTRY_REJECTED']));
  });

  it('the scripts do reach the interesting states (guards against a vacuous property)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.constantFrom(...singlePlans), scriptArb, (plan, [head, steps]) => {
        const w = new World(plan, (x) => {
          seen.add(x.oco.phase);
          if (x.oco.closeReason) seen.add(x.oco.closeReason);
          for (const l of x.oco.legs) for (const r of l.risksRaised) seen.add(r);
        });
        w.group(command({ type: 'OpenGroup', plan }));
        for (const kind of head) w.act({ kind, pick: 0, size: 1 });
        for (const step of steps) w.act(step);
      }),
      { numRuns: 300, seed: 42 },
    );
    for (const x of [
      'ACTIVE',
      'EXITING',
      'CLOSED',
      'STOP_HIT',
      'TARGET_HIT',
      'FLATTENED',
      'EOD',
      'ENTRY_REJECTED',
      'ENTRY_CANCELLED',
      'CANCEL_FAILED',
      'MODIFY_FAILED',
      'EXIT_REJECTED',
      'PROTECTION_LOST',
      'PROTECTION_FAILED',
    ]) {
      expect(seen).toContain(x);
    }
  });
});
