import { Doorbell } from '../../commands/eventstore/doorbell';
import { LagTracker } from '../../projections/engine/lag-tracker';

describe('lag tracker', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 1000;
  });

  it('counts from start-up until the first catch-up completes', () => {
    const lag = new LagTracker(now);
    clock = 1250;
    expect(lag).toMatchObject({ atHead: false, lagMs: 250 });
    lag.reachedHead(1200, false);
    expect(lag).toMatchObject({ atHead: true, lagMs: 0 });
  });

  it('measures from the first ring while idle at the head, not from when it got there', () => {
    const lag = new LagTracker(now);
    lag.reachedHead(1000, false);
    clock = 60_000; // idle for a minute
    lag.fellBehind();
    clock = 60_040;
    lag.fellBehind(); // a second ring does not restart the clock
    clock = 60_050;
    expect(lag.lagMs).toBe(50);
  });

  it('stays behind from the start of a read when a ring came during it', () => {
    const lag = new LagTracker(now);
    lag.reachedHead(5000, true);
    clock = 5030;
    expect(lag).toMatchObject({ atHead: false, lagMs: 30 });
    lag.reachedHead(5020, false);
    expect(lag.lagMs).toBe(0);
  });
});

describe('doorbell', () => {
  it('a ring between taking the mark and waiting is not lost', async () => {
    const bell = new Doorbell();
    const mark = bell.mark;
    bell.ring();
    const started = Date.now();
    await bell.wait(mark, 10_000);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('wakes waiters on a ring, times out without one, and ends at once on abort', async () => {
    const bell = new Doorbell();
    const heard: number[] = [];
    const unlisten = bell.onRing(() => heard.push(bell.mark));
    const waiting = bell.wait(bell.mark, 10_000);
    bell.ring();
    await waiting;
    expect(heard).toEqual([1]);
    unlisten();
    bell.ring();
    expect(heard).toEqual([1]);

    const t0 = Date.now();
    await bell.wait(bell.mark, 30);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);

    const abort = new AbortController();
    const aborted = bell.wait(bell.mark, 10_000, abort.signal);
    abort.abort();
    await aborted;
    await bell.wait(bell.mark, 10_000, abort.signal); // already aborted: returns at once
  });
});
