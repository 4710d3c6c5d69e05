import { netPremium } from '../../domain/oco/net-premium';
import { evolveOco } from '../../domain/oco/oco-evolve';
import { isFlat, workingLegs } from '../../domain/oco/oco-position';
import type { OcoState } from '../../domain/oco/oco-state';
import { intentsFrom, type OrderIntent } from '../../domain/oco/order-intents';
import {
  cancelled,
  command,
  condorPlan,
  fill,
  given,
  observe,
  open,
  rejected,
  singlePlan,
  types,
  when,
} from './oco-fixtures';

const plan = condorPlan();
const entryId = (i: number) => `ic-${i}-ENTRY-1`;
const exitId = (i: number) => `ic-${i}-EXIT-1`;
const entryPrice = [12_000, 5_000, 11_000, 4_000];
const allEntriesFilled = plan.legs.map((_, i) => observe(fill(entryId(i), `t${i}`, 65, entryPrice[i]!, 65, 65)));
const prices = (ce800: number, ce000: number, pe200: number, pe000: number) => ({
  'NFO:NIFTY25SEP24800CE': ce800,
  'NFO:NIFTY25SEP25000CE': ce000,
  'NFO:NIFTY25SEP24200PE': pe200,
  'NFO:NIFTY25SEP24000PE': pe000,
});
const check = (p: Record<string, number>) => command({ type: 'CheckNetPremium', prices: p });
const placed = (intents: readonly OrderIntent[]) =>
  intents.map((i) => (i.type === 'PlaceOrder' ? `${i.side} ${i.instrumentKey.slice(4)} ${i.qty}` : i.type));

describe('OCO basket (iron condor)', () => {
  it('enters as a basket: every leg at once, the wings (BUY) first', () => {
    const intents = intentsFrom(when(given(), open(plan)));
    expect(placed(intents)).toEqual([
      'BUY NIFTY25SEP25000CE 65',
      'BUY NIFTY25SEP24000PE 65',
      'SELL NIFTY25SEP24800CE 65',
      'SELL NIFTY25SEP24200PE 65',
    ]);
  });

  it('fills activate the group without any resting protective order', () => {
    const s = given(open(plan), ...allEntriesFilled);
    expect(s.phase).toBe('ACTIVE');
    expect(s.legs.every((l) => l.ticket.legRole === 'ENTRY')).toBe(true);
  });

  it('computes the net premium per unit: sold legs minus bought legs', () => {
    expect(netPremium(plan.legs, prices(12_000, 5_000, 11_000, 4_000))).toBe(14_000);
  });

  it('a missing price is an error, never a made-up number', () => {
    const s = given(open(plan), ...allEntriesFilled);
    const { 'NFO:NIFTY25SEP24200PE': _gone, ...partial } = prices(12_000, 5_000, 11_000, 4_000);
    expect(() => when(s, check(partial))).toThrow(/no price for NFO:NIFTY25SEP24200PE/);
  });

  it('between target and stop nothing happens', () => {
    expect(when(given(open(plan), ...allEntriesFilled), check(prices(15_000, 6_000, 12_000, 3_000)))).toEqual([]);
  });

  it('the stop on net premium exits every leg together at market, short legs bought back first', () => {
    const s = given(open(plan), ...allEntriesFilled);
    const events = when(s, check(prices(25_000, 9_000, 9_000, 4_000))); // net 210.00
    expect(events[0]).toMatchObject({ type: 'OcoExitStarted', data: { reason: 'STOP_HIT' } });
    const intents = intentsFrom(events);
    expect(placed(intents)).toEqual([
      'BUY NIFTY25SEP24800CE 65',
      'BUY NIFTY25SEP24200PE 65',
      'SELL NIFTY25SEP25000CE 65',
      'SELL NIFTY25SEP24000PE 65',
    ]);
    expect(intents.every((i) => i.type === 'PlaceOrder' && i.legRole === 'EXIT' && i.orderType === 'MARKET')).toBe(
      true,
    );
  });

  it('closes TARGET_HIT only when all four legs are flat', () => {
    let s: OcoState = given(open(plan), ...allEntriesFilled, check(prices(6_000, 2_000, 5_000, 2_000))); // net 70.00
    expect(s.exitReason).toBe('TARGET_HIT');
    for (const i of [0, 2, 1]) {
      s = when(s, observe(fill(exitId(i), `x${i}`, 65, 100, 65, 65))).reduce(evolveOco, s);
      expect(s.phase).toBe('EXITING');
    }
    const last = when(s, observe(fill(exitId(3), 'x3', 65, 100, 65, 65)));
    expect(last.at(-1)).toMatchObject({ type: 'OcoGroupClosed', data: { reason: 'TARGET_HIT' } });
    const closed = last.reduce(evolveOco, s);
    expect(isFlat(closed) && workingLegs(closed).length === 0).toBe(true);
  });

  it('a rejected entry breaks the basket: working entries cancelled, filled legs exited', () => {
    const s = given(open(plan), allEntriesFilled[1]!, allEntriesFilled[3]!);
    const events = when(s, observe(rejected(entryId(0), 'margin')));
    expect(events.find((e) => e.type === 'OcoExitStarted')).toMatchObject({ data: { reason: 'ENTRY_REJECTED' } });
    const intents = intentsFrom(events);
    expect(
      intents.filter((i) => i.type === 'CancelOrder').map((i) => i.type === 'CancelOrder' && i.clientOrderId),
    ).toEqual([entryId(2)]);
    expect(placed(intents.filter((i) => i.type === 'PlaceOrder'))).toEqual([
      'SELL NIFTY25SEP25000CE 65',
      'SELL NIFTY25SEP24000PE 65',
    ]);
    const after = when(events.reduce(evolveOco, s), observe(cancelled(entryId(2))));
    expect(types(after)).toEqual(['OcoLegEnded']);
  });

  it('all entries rejected before any fill: closes ENTRY_REJECTED', () => {
    const s = given(open(plan), ...plan.legs.map((_, i) => observe(rejected(entryId(i)))));
    expect(s).toMatchObject({ phase: 'CLOSED', closeReason: 'ENTRY_REJECTED' });
  });

  it('refuses a net-premium check on a group protected by orders, and a basket of unequal legs', () => {
    expect(() => when(given(open(singlePlan())), check({}))).toThrow(/protected by orders/);
    const uneven = condorPlan({ legs: [...plan.legs.slice(0, 3), { ...plan.legs[3]!, qty: 130 }] });
    expect(() => when(given(), open(uneven))).toThrow(/same quantity/);
  });
});
