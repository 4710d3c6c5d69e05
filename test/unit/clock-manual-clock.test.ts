import { ManualClock } from '../../adapters/clock/manual-clock';

describe('ManualClock', () => {
  const T0 = Date.parse('2026-03-02T04:00:00.000Z');

  it('tells the time it was set to, as epoch ms and as an ISO UTC string', () => {
    const c = new ManualClock('2026-03-02T04:00:00.000Z');
    expect(c.nowMs()).toBe(T0);
    expect(c.nowIso()).toBe('2026-03-02T04:00:00.000Z');
    expect(() => new ManualClock('not a time')).toThrow(/whole epoch milliseconds/);
  });

  it('wakes sleepers in order of due time, each with the clock at its own due time', async () => {
    const c = new ManualClock(T0);
    const woke: [string, number][] = [];
    for (const [name, ms] of [
      ['c', 300],
      ['a', 100],
      ['b', 200],
      ['a2', 100],
    ] as const) {
      void c.sleep(ms).then(() => woke.push([name, c.nowMs() - T0]));
    }
    expect(c.pendingSleeps).toBe(4);
    await c.advanceBy(250);
    expect(woke).toEqual([
      ['a', 100],
      ['a2', 100],
      ['b', 200],
    ]);
    expect(c.nowMs()).toBe(T0 + 250);
    await c.advanceTo(T0 + 300);
    expect(woke.at(-1)).toEqual(['c', 300]);
    expect(c.pendingSleeps).toBe(0);
  });

  it('wakes, within one advance, a sleep started by a woken sleeper when it falls due', async () => {
    const c = new ManualClock(T0);
    const at: number[] = [];
    void (async () => {
      await c.sleep(10);
      at.push(c.nowMs() - T0);
      await c.sleep(5);
      at.push(c.nowMs() - T0);
      await c.sleep(100);
      at.push(c.nowMs() - T0);
    })();
    await c.advanceBy(50);
    expect(at).toEqual([10, 15]);
    expect(c.pendingSleeps).toBe(1);
  });

  it('resolves a sleep of zero or less at once, without advancing', async () => {
    const c = new ManualClock(T0);
    await c.sleep(0);
    await c.sleep(-5);
    expect(c.nowMs()).toBe(T0);
    expect(c.pendingSleeps).toBe(0);
  });

  it('never goes back', async () => {
    const c = new ManualClock(T0);
    await expect(c.advanceTo(T0 - 1)).rejects.toThrow(/cannot go back/);
    await expect(c.advanceBy(-1)).rejects.toThrow(/zero or more/);
    expect(c.nowMs()).toBe(T0);
    await c.advanceBy(0);
    expect(c.nowMs()).toBe(T0);
  });

  it('runs overlapping advances one after the other', async () => {
    const c = new ManualClock(T0);
    const woke: number[] = [];
    void c.sleep(150).then(() => woke.push(c.nowMs() - T0));
    await Promise.all([c.advanceBy(100), c.advanceBy(100)]);
    expect(woke).toEqual([150]);
    expect(c.nowMs()).toBe(T0 + 200);
  });
});

test('nowIso follows every move of the clock (it is formatted once per instant)', async () => {
  const clock = new ManualClock('2025-09-04T03:45:00.000Z');
  expect(clock.nowIso()).toBe('2025-09-04T03:45:00.000Z');
  expect(clock.nowIso()).toBe('2025-09-04T03:45:00.000Z');
  await clock.advanceBy(1);
  expect(clock.nowIso()).toBe('2025-09-04T03:45:00.001Z');
  await clock.advanceTo(Date.parse('2025-09-04T10:00:00.000Z'));
  expect(clock.nowIso()).toBe('2025-09-04T10:00:00.000Z');
});
