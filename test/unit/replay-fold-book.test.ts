import { DomainRefusal } from '../../domain/events/decider';
import { averagePrice, unrealisedAt } from '../../domain/pnl/position';
import type { BookEvent } from '../../domain/replay/book-event';
import type { BookSnapshot } from '../../domain/replay/book-snapshot';
import { foldBook } from '../../domain/replay/fold-book';
import { isKillSwitchEngaged } from '../../domain/session/session-state';
import { tradingStateOf } from '../../domain/session/trading-state';
import { singlePlan } from './oco-fixtures';
import { ist, Tape } from './replay-book-tape';

/**
 * The pure fold of a day's recorded events into the book at an instant: given events, then the
 * snapshot. One group (BUY 100 SBIN at 800.00, stop 790.00, target 820.00) partly filled, filled,
 * marked and closed at its target; the control stream carries a pause from the day before.
 */
const DAY = '2025-09-04';
const ENTRY = 'g1-0-ENTRY-1';
const STOP = 'g1-0-STOP-1';
const TARGET = 'g1-0-TARGET1-1';
const operator = { id: 'alice', role: 'operator' };

const control: BookEvent[] = [
  {
    stream: 'control',
    key: '',
    type: 'TradingPaused',
    data: { actor: operator, reason: 'yesterday', at: '2025-09-03T08:30:00.000Z' },
    occurredAt: '2025-09-03T08:30:00.000Z',
    position: 'c1',
  },
  ...[
    ['09:20', 'TradingResumed', { actor: operator, reason: 'morning', at: ist('09:20') }],
    ['11:00', 'KillSwitchEngaged', { actor: operator, reason: 'drill', at: ist('11:00') }],
    ['11:30', 'KillSwitchReleased', { actor: operator, notes: 'done', at: ist('11:30') }],
  ].map(
    ([time, type, data], i): BookEvent => ({
      stream: 'control',
      key: '',
      type: type as string,
      data,
      occurredAt: ist(time as string),
      position: `c${i + 2}`,
    }),
  ),
];

const tape = new Tape({ groupId: 'g1' });
tape.at('09:29').push('decision', 'p1', 'DecisionMade', { planId: 'p1', heatCap: 1_000_000, at: ist('09:29') });
tape
  .at('09:30')
  .open(singlePlan())
  .at('09:35')
  .fill(ENTRY, 't1', 40, 80_000, 100)
  .at('09:40')
  .fill(ENTRY, 't2', 60, 80_050, 100)
  .at('10:00');
tape.push('marks', DAY, 'MarksRecorded', { at: ist('10:00'), marks: { 'NSE:SBIN': 80_500 } });
tape.at('10:30').fill(TARGET, 't3', 100, 82_000, 100);
tape.at('10:45').push('other', DAY, 'SignalsRanked', { at: ist('10:45'), ranked: [], considered: 0 });
const day = tape.events;

const at = (hhmm: string): BookSnapshot => foldBook({ tradingDay: DAY, at: `${DAY}T${hhmm}:00+05:30`, control, day });
const order = (s: BookSnapshot, id: string) => s.orders.find((o) => o.ticket?.clientOrderId === id);
const sbin = (s: BookSnapshot) => s.positions.find((p) => p.instrumentKey === 'NSE:SBIN');

test('before the first event of the day: nothing folded, an empty book, the control state carried from the day before', () => {
  const s = at('09:10');
  expect(s.eventCount).toBe(0);
  expect(s.lastPosition).toBeNull();
  expect(s.lastEventAt).toBeNull();
  expect(s.at).toBe('2025-09-04T03:40:00.000Z');
  expect([s.orders, s.groups, s.positions]).toEqual([[], [], []]);
  expect([s.heat, s.openGroups, s.heatCap]).toEqual([0, 0, null]);
  expect(s.control.paused?.reason).toBe('yesterday');
  expect(tradingStateOf(s.control)).toBe('REDUCING');
});

test('after a partial fill: the entry partly filled, a long of 40 at 800.00, the group active with its risk', () => {
  const s = at('09:37');
  expect(tradingStateOf(s.control)).toBe('ACTIVE'); // resumed at 09:20
  const entry = order(s, ENTRY)!;
  expect([entry.status, entry.filledQty, entry.ticket?.qty]).toEqual(['PARTIALLY_FILLED', 40, 100]);
  expect(order(s, STOP)?.ticket?.qty).toBe(40); // protective legs sized to the filled quantity
  const p = sbin(s)!;
  expect([p.position.netQty, averagePrice(p.position), p.position.realised, p.fills]).toEqual([40, 80_000, 0, 1]);
  expect(s.groups.map((g) => [g.groupId, g.state.phase])).toEqual([['g1', 'ACTIVE']]);
  // 40 open x (800.00 - 790.00) + the entry's 60 unfilled x (800.00 - 790.00)
  expect(s.groups[0]!.openRisk).toBe(40 * 1_000 + 60 * 1_000);
  expect([s.heat, s.openGroups, s.heatCap]).toEqual([100_000, 1, 1_000_000]);
  // an event at the very instant asked is in; one a moment later is not
  expect(order(at('09:35'), ENTRY)?.filledQty).toBe(40);
  expect(order(at('09:34'), ENTRY)?.filledQty).toBe(0);
  const last = day.filter((e) => Date.parse(e.occurredAt) <= Date.parse(ist('09:37')));
  expect(s.eventCount).toBe(last.length);
  expect(s.lastPosition).toBe(last[last.length - 1]!.position);
});

test('filled and marked: the exact average of two prices, unrealised at the mark, stop and target resized to 100', () => {
  const s = at('10:05');
  const p = sbin(s)!.position;
  expect(p.netQty).toBe(100);
  expect(averagePrice(p)).toBe(80_030); // (40 x 800.00 + 60 x 800.50) / 100
  expect(p.lastMark).toBe(80_500);
  expect(unrealisedAt(p, p.lastMark)).toBe(100 * 80_500 - (40 * 80_000 + 60 * 80_050));
  expect([order(s, STOP)?.ticket?.qty, order(s, TARGET)?.ticket?.qty]).toEqual([100, 100]);
  expect(order(s, ENTRY)?.status).toBe('FILLED');
  expect(s.heat).toBe(100 * (80_030 - 79_000));
  expect(s.marks).toEqual({ 'NSE:SBIN': 80_500 });
});

test('closed at the target: flat, realised P&L exact (FIFO), no working order, no heat', () => {
  const s = at('10:30');
  const p = sbin(s)!;
  expect(p.position.netQty).toBe(0);
  expect(p.position.realised).toBe(40 * (82_000 - 80_000) + 60 * (82_000 - 80_050)); // Rs 1970.00
  expect(p.fills).toBe(3);
  expect(s.groups.map((g) => [g.state.phase, g.state.closeReason, g.openRisk])).toEqual([['CLOSED', 'TARGET_HIT', 0]]);
  expect(s.orders.map((o) => [o.ticket?.clientOrderId, o.status])).toEqual([
    [ENTRY, 'FILLED'],
    [STOP, 'CANCELLED'],
    [TARGET, 'FILLED'],
  ]);
  expect([s.heat, s.openGroups]).toEqual([0, 0]);
});

test('events of other streams count as folded, and the control state follows its stream to the instant', () => {
  expect(at('10:50').eventCount).toBe(day.length); // the signals event too
  expect(at('10:50').lastPosition).toBe(day[day.length - 1]!.position);
  const halted = at('11:15').control;
  expect([isKillSwitchEngaged(halted), tradingStateOf(halted)]).toEqual([true, 'HALTED']);
  const released = at('11:45').control;
  expect([isKillSwitchEngaged(released), tradingStateOf(released)]).toEqual([false, 'ACTIVE']);
});

test('the instant is checked against the IST day: outside it, or a malformed day, is refused with INVALID_INPUT', () => {
  const refusal = (tradingDay: string, instant: string) => {
    try {
      foldBook({ tradingDay, at: instant, control, day });
    } catch (err) {
      return err instanceof DomainRefusal ? [err.code, err.message] : err;
    }
    return 'accepted';
  };
  // 00:30 IST on the day is in it, though its UTC date is the day before
  expect(refusal(DAY, '2025-09-03T19:00:00Z')).toBe('accepted');
  expect(refusal(DAY, '2025-09-04T23:59:59+05:30')).toBe('accepted');
  expect(refusal(DAY, '2025-09-04T20:00:00Z')).toEqual([
    'INVALID_INPUT',
    expect.stringMatching(/2025-09-05 01:30:00 IST, outside trading day 2025-09-04/),
  ]);
  expect(refusal(DAY, '2025-09-03T23:59:59+05:30')).toEqual(['INVALID_INPUT', expect.stringMatching(/outside/)]);
  expect(refusal(DAY, '2025-09-04T10:00:00')).toEqual(['INVALID_INPUT', expect.stringMatching(/zone/)]);
  expect(refusal('2025-02-30', '2025-02-28T10:00:00+05:30')).toEqual([
    'INVALID_INPUT',
    expect.stringMatching(/YYYY-MM-DD/),
  ]);
});
