import { ocoPolicy } from '../../domain/oco/oco-decider';
import { OcoRuleError } from '../../domain/oco/oco-errors';
import { evolveOco } from '../../domain/oco/oco-evolve';
import { openQty, protectiveQty } from '../../domain/oco/oco-position';
import { intentsFrom } from '../../domain/oco/order-intents';
import {
  at,
  cancelFailed,
  cancelled,
  command,
  equityLeg,
  fill,
  given,
  modifyFailed,
  observe,
  open,
  optionLeg,
  protection,
  rejected,
  singlePlan,
  types,
  when,
} from './oco-fixtures';

const ENTRY = 'g1-0-ENTRY-1';
const STOP = 'g1-0-STOP-1';
const T1 = 'g1-0-TARGET1-1';
const T2 = 'g1-0-TARGET2-1';
const EXIT = 'g1-0-EXIT-1';

const plan = singlePlan();
const entryFill = (trade: string, qty: number, cum: number) => observe(fill(ENTRY, trade, qty, 80_000, cum, 100));

describe('OCO single group: opening', () => {
  it('records the plan and the entry intent, nothing else', () => {
    const events = when(given(), open(plan));
    expect(types(events)).toEqual(['OcoGroupOpened', 'OcoLegPlacementRequested']);
    expect(intentsFrom(events)).toEqual([
      {
        type: 'PlaceOrder',
        groupId: 'g1',
        clientOrderId: ENTRY,
        legIndex: 0,
        legRole: 'ENTRY',
        instrumentKey: 'NSE:SBIN',
        side: 'BUY',
        qty: 100,
        orderType: 'LIMIT',
        limitPrice: 80_000,
        triggerPrice: null,
        validity: 'DAY',
        product: 'MIS',
      },
    ]);
  });

  it('opening the same plan again records nothing; another plan on the group is refused', () => {
    const s = given(open(plan));
    expect(when(s, open(plan))).toEqual([]);
    expect(() => when(s, open({ ...plan, planId: 'p2' }))).toThrow(/already holds plan p1/);
  });

  it.each([
    [
      'SL-M on an option',
      singlePlan({
        legs: [optionLeg('NIFTY25SEP24800CE', 'BUY', 12_000)],
        protection: protection({ stop: { triggerPrice: 9_000, limitBuffer: null }, targets: [15_000] }),
      }),
      /SL-M is not allowed on NSE options/,
    ],
    [
      'a stop above a long entry',
      singlePlan({ protection: protection({ stop: { triggerPrice: 81_000, limitBuffer: null } }) }),
      /rising/,
    ],
    [
      'a quantity off the lot',
      singlePlan({ legs: [equityLeg({ lotSize: 65, qty: 100 })] }),
      /not a whole number of lots/,
    ],
    [
      'two legs protected by orders',
      singlePlan({ legs: [equityLeg(), equityLeg({ instrumentKey: 'NSE:INFY' })] }),
      /exactly one leg/,
    ],
    [
      'a buffer off the tick',
      singlePlan({ protection: protection({ stop: { triggerPrice: 79_000, limitBuffer: 7 } }) }),
      /whole number of ticks/,
    ],
  ])('refuses %s', (_name, bad, reason) => {
    expect(() => when(given(), open(bad))).toThrow(OcoRuleError);
    expect(() => when(given(), open(bad))).toThrow(reason);
  });
});

describe('OCO single group: protection follows the filled quantity', () => {
  it('a partial entry fill activates the group and protects exactly what filled', () => {
    const events = when(given(open(plan)), entryFill('t1', 40, 40));
    expect(types(events)).toEqual([
      'OcoLegFilled',
      'OcoGroupActivated',
      'OcoLegPlacementRequested',
      'OcoLegPlacementRequested',
    ]);
    const [stop, target] = intentsFrom(events);
    expect(stop).toMatchObject({
      clientOrderId: STOP,
      legRole: 'STOP',
      side: 'SELL',
      qty: 40,
      orderType: 'SL-M',
      triggerPrice: 79_000,
      limitPrice: null,
    });
    expect(target).toMatchObject({
      clientOrderId: T1,
      legRole: 'TARGET1',
      side: 'SELL',
      qty: 40,
      orderType: 'LIMIT',
      limitPrice: 82_000,
    });
  });

  it('a later partial fill grows the protective orders by modification', () => {
    const s = given(open(plan), entryFill('t1', 40, 40));
    const intents = intentsFrom(when(s, entryFill('t2', 30, 70)));
    expect(intents).toEqual([
      {
        type: 'ModifyOrder',
        groupId: 'g1',
        clientOrderId: STOP,
        qty: 70,
        limitPrice: null,
        triggerPrice: 79_000,
        attempt: 1,
      },
      {
        type: 'ModifyOrder',
        groupId: 'g1',
        clientOrderId: T1,
        qty: 70,
        limitPrice: 82_000,
        triggerPrice: null,
        attempt: 1,
      },
    ]);
  });

  it("an option's stop is SL with its limit a buffer beyond the trigger (SL-M is not allowed)", () => {
    const leg = optionLeg('NIFTY25SEP24800CE', 'BUY', 12_000, 130);
    const p = singlePlan({
      legs: [leg],
      protection: protection({ stop: { triggerPrice: 9_000, limitBuffer: 200 }, targets: [15_000] }),
    });
    const events = when(given(open(p)), observe(fill(ENTRY, 't1', 130, 12_000, 130, 130)));
    expect(intentsFrom(events)[0]).toMatchObject({
      legRole: 'STOP',
      side: 'SELL',
      orderType: 'SL',
      triggerPrice: 9_000,
      limitPrice: 8_800,
    });
  });

  it('a short position gets a BUY stop with its limit above the trigger', () => {
    const p = singlePlan({
      legs: [equityLeg({ side: 'SELL' })],
      protection: protection({ stop: { triggerPrice: 81_000, limitBuffer: 100 }, targets: [78_000] }),
    });
    const events = when(given(open(p)), entryFill('t1', 100, 100));
    expect(intentsFrom(events)[0]).toMatchObject({
      side: 'BUY',
      orderType: 'SL',
      triggerPrice: 81_000,
      limitPrice: 81_100,
    });
  });

  it('two targets split the filled quantity in whole lots, the first rounded up', () => {
    const leg = optionLeg('NIFTY25SEP24800CE', 'BUY', 12_000, 195);
    const p = singlePlan({
      legs: [leg],
      protection: protection({ stop: { triggerPrice: 9_000, limitBuffer: 100 }, targets: [15_000, 18_000] }),
    });
    const events = when(given(open(p)), observe(fill(ENTRY, 't1', 195, 12_000, 195, 195)));
    expect(
      intentsFrom(events).map((i) => [i.type === 'PlaceOrder' && i.legRole, i.type === 'PlaceOrder' && i.qty]),
    ).toEqual([
      ['STOP', 195],
      ['TARGET1', 130],
      ['TARGET2', 65],
    ]);
  });

  it('a partial target fill shrinks the stop to the open position', () => {
    const s = given(open(plan), entryFill('t1', 100, 100));
    const events = when(s, observe(fill(T1, 'x1', 30, 82_000, 30, 100)));
    expect(intentsFrom(events)).toEqual([
      expect.objectContaining({ type: 'ModifyOrder', clientOrderId: STOP, qty: 70 }),
    ]);
    const after = events.reduce(evolveOco, s);
    expect(openQty(after, 0)).toBe(70);
    expect(protectiveQty(after)).toEqual({ stop: 70, targets: 70 });
  });

  it('the first of two targets filling completely scales out: stop shrinks, the second target stays', () => {
    const p = singlePlan({ protection: protection({ targets: [82_000, 84_000] }) });
    const s = given(open(p), entryFill('t1', 100, 100));
    const events = when(s, observe(fill(T1, 'x1', 50, 82_000, 50, 50)));
    expect(types(events)).not.toContain('OcoExitStarted');
    expect(intentsFrom(events)).toEqual([
      expect.objectContaining({ type: 'ModifyOrder', clientOrderId: STOP, qty: 50 }),
    ]);
    expect(protectiveQty(events.reduce(evolveOco, s))).toEqual({ stop: 50, targets: 50 });
  });
});

describe('OCO single group: one exit fills, the siblings are cancelled', () => {
  const active = () => given(open(plan), entryFill('t1', 60, 60));

  it('the target filling cancels the stop and the unfilled entry, then the group closes TARGET_HIT', () => {
    const events = when(active(), observe(fill(T1, 'x1', 60, 82_000, 60, 60)));
    expect(types(events)).toContain('OcoExitStarted');
    expect(intentsFrom(events)).toEqual([
      expect.objectContaining({ type: 'CancelOrder', clientOrderId: ENTRY, attempt: 1 }),
      expect.objectContaining({ type: 'CancelOrder', clientOrderId: STOP, attempt: 1 }),
    ]);
    const s = given(
      open(plan),
      entryFill('t1', 60, 60),
      observe(fill(T1, 'x1', 60, 82_000, 60, 60)),
      observe(cancelled(ENTRY)),
    );
    expect(s.phase).toBe('EXITING');
    const last = when(s, observe(cancelled(STOP)));
    expect(last.at(-1)).toEqual({ type: 'OcoGroupClosed', data: { reason: 'TARGET_HIT', at } });
  });

  it('a stop fill exits: targets cancelled, reason STOP_HIT', () => {
    const s = given(open(plan), entryFill('t1', 100, 100), observe(fill(STOP, 's1', 100, 79_000, 100, 100)));
    expect(s.phase).toBe('EXITING');
    expect(s.exitReason).toBe('STOP_HIT');
    expect(when(s, observe(cancelled(T1))).at(-1)).toMatchObject({
      type: 'OcoGroupClosed',
      data: { reason: 'STOP_HIT' },
    });
  });

  it('a target that fills before its cancel lands (overshoot) is bought back at market before closing', () => {
    const s = given(
      open(plan),
      entryFill('t1', 100, 100),
      observe(fill(STOP, 's1', 100, 79_000, 100, 100)),
      observe(fill(T1, 'x1', 40, 82_000, 40, 100)),
    );
    expect(openQty(s, 0)).toBe(-40);
    const events = when(s, observe(cancelled(T1)));
    expect(intentsFrom(events)).toEqual([
      expect.objectContaining({
        type: 'PlaceOrder',
        clientOrderId: EXIT,
        legRole: 'EXIT',
        side: 'BUY',
        qty: 40,
        orderType: 'MARKET',
      }),
    ]);
    const closing = when(events.reduce(evolveOco, s), observe(fill(EXIT, 'e1', 40, 79_000, 40, 40)));
    expect(closing.at(-1)).toMatchObject({ type: 'OcoGroupClosed', data: { reason: 'STOP_HIT' } });
  });

  it('an entry fill that races the exit is exited at market once the entry has ended', () => {
    const s = given(
      open(plan),
      entryFill('t1', 60, 60),
      observe(fill(STOP, 's1', 60, 79_000, 60, 60)),
      observe(cancelled(T1)),
    );
    const events = when(s, entryFill('t2', 40, 100));
    expect(intentsFrom(events)).toEqual([
      expect.objectContaining({ type: 'PlaceOrder', legRole: 'EXIT', side: 'SELL', qty: 40 }),
    ]);
  });
});

describe('OCO single group: failures', () => {
  const exiting = () => given(open(plan), entryFill('t1', 100, 100), observe(fill(T1, 'x1', 100, 82_000, 100, 100)));

  it('a failed cancel is retried up to maxRetries, then raised as a risk event; the group stays open', () => {
    let s = exiting();
    const attempts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const events = when(s, observe(cancelFailed(STOP)));
      attempts.push(...intentsFrom(events).map((x) => (x.type === 'CancelOrder' ? x.attempt : -1)));
      s = events.reduce(evolveOco, s);
      if (i === 2) {
        expect(events).toEqual([
          expect.objectContaining({ type: 'OcoLegCancelFailed' }),
          { type: 'OcoRiskRaised', data: expect.objectContaining({ clientOrderId: STOP, risk: 'CANCEL_FAILED' }) },
        ]);
      }
    }
    expect(attempts).toEqual([2, 3]);
    expect(s.phase).toBe('EXITING');
    expect(when(s, observe(cancelled(STOP))).at(-1)).toMatchObject({ type: 'OcoGroupClosed' });
  });

  it('entry rejected: closes ENTRY_REJECTED; entry cancelled unfilled: ENTRY_CANCELLED', () => {
    expect(given(open(plan), observe(rejected(ENTRY)))).toMatchObject({
      phase: 'CLOSED',
      closeReason: 'ENTRY_REJECTED',
    });
    expect(given(open(plan), observe(cancelled(ENTRY)))).toMatchObject({
      phase: 'CLOSED',
      closeReason: 'ENTRY_CANCELLED',
    });
  });

  it('an entry cancelled after a partial fill keeps protecting what filled', () => {
    const s = given(open(plan), entryFill('t1', 40, 40), observe(cancelled(ENTRY, 'IOC remainder')));
    expect(s.phase).toBe('ACTIVE');
    expect(protectiveQty(s)).toEqual({ stop: 40, targets: 40 });
  });

  it('a protective order rejected by the broker: risk event and exit at market', () => {
    const s = given(open(plan), entryFill('t1', 100, 100));
    const events = when(s, observe(rejected(STOP, 'trigger price already crossed')));
    expect(types(events)).toEqual(['OcoLegEnded', 'OcoRiskRaised', 'OcoExitStarted', 'OcoLegCancelRequested']);
    expect(events[1]).toMatchObject({ data: { risk: 'PROTECTION_LOST', clientOrderId: STOP } });
    const after = given(open(plan), entryFill('t1', 100, 100), observe(rejected(STOP)), observe(cancelled(T1)));
    expect(after.legs.at(-1)).toMatchObject({
      ticket: { legRole: 'EXIT', side: 'SELL', qty: 100, orderType: 'MARKET' },
    });
  });

  it('a failed modify is retried, then the group gives up protecting and exits', () => {
    let s = given(open(plan), entryFill('t1', 40, 40), entryFill('t2', 30, 70));
    const first = when(s, observe(modifyFailed(STOP)));
    expect(intentsFrom(first)).toEqual([
      expect.objectContaining({ type: 'ModifyOrder', clientOrderId: STOP, qty: 70, attempt: 2 }),
    ]);
    s = first.reduce(evolveOco, s);
    s = when(s, observe(modifyFailed(STOP))).reduce(evolveOco, s);
    const last = when(s, observe(modifyFailed(STOP)));
    expect(types(last)).toEqual([
      'OcoLegModifyFailed',
      'OcoRiskRaised',
      'OcoExitStarted',
      'OcoLegCancelRequested',
      'OcoLegCancelRequested',
      'OcoLegCancelRequested',
    ]);
    expect(last[1]).toMatchObject({ data: { risk: 'MODIFY_FAILED' } });
    expect(last[2]).toMatchObject({ data: { reason: 'PROTECTION_FAILED' } });
  });

  it('refuses an order that is not a leg, and records a repeated trade once', () => {
    const s = given(open(plan), entryFill('t1', 40, 40));
    expect(() => when(s, observe(cancelled('nope')))).toThrow(/not a leg/);
    expect(when(s, entryFill('t1', 40, 40))).toEqual([]);
  });
});

describe('OCO single group: flatten and EOD', () => {
  it('flatten cancels every working leg, then exits the open quantity at market', () => {
    const s = given(open(plan), entryFill('t1', 70, 70));
    const { events, intents } = ocoPolicy(command({ type: 'FlattenGroup', reason: 'FLATTENED' }), s);
    expect(types(events)[0]).toBe('OcoExitStarted');
    expect(intents.map((i) => i.type === 'CancelOrder' && i.clientOrderId)).toEqual([ENTRY, STOP, T1]);
    const cancelledAll = given(
      open(plan),
      entryFill('t1', 70, 70),
      command({ type: 'FlattenGroup', reason: 'FLATTENED' }),
      observe(cancelled(ENTRY)),
      observe(cancelled(STOP)),
    );
    const exit = intentsFrom(when(cancelledAll, observe(cancelled(T1))));
    expect(exit).toEqual([
      expect.objectContaining({ type: 'PlaceOrder', legRole: 'EXIT', side: 'SELL', qty: 70, orderType: 'MARKET' }),
    ]);
  });

  it('EOD on a group still entering cancels the entry and closes EOD', () => {
    const s = given(open(plan), command({ type: 'FlattenGroup', reason: 'EOD' }), observe(cancelled(ENTRY)));
    expect(s).toMatchObject({ phase: 'CLOSED', closeReason: 'EOD' });
  });

  it('flatten on an exiting or closed group records nothing; the exit keeps its first reason', () => {
    const s = given(open(plan), entryFill('t1', 100, 100), observe(fill(STOP, 's1', 100, 79_000, 100, 100)));
    expect(when(s, command({ type: 'FlattenGroup', reason: 'EOD' }))).toEqual([]);
    expect(s.exitReason).toBe('STOP_HIT');
  });

  it('T2 not yet placed is added when the position grows enough', () => {
    const p = singlePlan({
      legs: [equityLeg({ lotSize: 50, qty: 100 })],
      protection: protection({ targets: [82_000, 84_000] }),
    });
    const s = given(open(p), observe(fill(ENTRY, 't1', 50, 80_000, 50, 100)));
    expect(s.legs.map((l) => l.ticket.legRole)).toEqual(['ENTRY', 'STOP', 'TARGET1']);
    const events = when(s, observe(fill(ENTRY, 't2', 50, 80_000, 100, 100)));
    expect(intentsFrom(events)).toEqual([
      expect.objectContaining({ type: 'ModifyOrder', clientOrderId: STOP, qty: 100 }),
      expect.objectContaining({
        type: 'PlaceOrder',
        clientOrderId: T2,
        legRole: 'TARGET2',
        qty: 50,
        limitPrice: 84_000,
      }),
    ]);
  });
});
