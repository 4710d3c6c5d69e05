import { KITE_ORDER_WINDOWS, SlidingWindowRateLimiter } from '../../adapters/kite/rate-limiter';

/** A clock that moves only when a waiter sleeps: the limiter's grants land on exact, checkable times. */
function steppingClock() {
  let now = 0;
  const slept: number[] = [];
  return {
    nowMs: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

async function grantTimes(limiter: SlidingWindowRateLimiter, clock: { nowMs(): number }, n: number) {
  const times: number[] = [];
  await Promise.all(Array.from({ length: n }, () => limiter.acquire().then(() => times.push(clock.nowMs()))));
  return times;
}

describe('sliding-window rate limiter', () => {
  it("lets Kite's 10 orders a second through at once and holds the 11th until the first leaves the window", async () => {
    const clock = steppingClock();
    const limiter = new SlidingWindowRateLimiter(KITE_ORDER_WINDOWS, clock);
    const times = await grantTimes(limiter, clock, 25);
    expect(times.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(times.slice(10, 20)).toEqual(Array(10).fill(1000));
    expect(times.slice(20)).toEqual(Array(5).fill(2000));
    for (let i = 10; i < times.length; i++) expect(times[i]! - times[i - 10]!).toBeGreaterThanOrEqual(1000);
  });

  it('honours every window at once (here 2 per 100 ms and 3 per second)', async () => {
    const clock = steppingClock();
    const limiter = new SlidingWindowRateLimiter(
      [
        { limit: 2, windowMs: 100 },
        { limit: 3, windowMs: 1000 },
      ],
      clock,
    );
    expect(await grantTimes(limiter, clock, 6)).toEqual([0, 0, 100, 1000, 1000, 1100]);
  });

  it('applies the 400 a minute order limit after the per-second one', async () => {
    const clock = steppingClock();
    const limiter = new SlidingWindowRateLimiter(KITE_ORDER_WINDOWS, clock);
    const times = await grantTimes(limiter, clock, 401);
    expect(times[399]).toBe(39_000);
    expect(times[400]).toBe(60_000);
  });

  it('serves callers first come, first served', async () => {
    const clock = steppingClock();
    const limiter = new SlidingWindowRateLimiter([{ limit: 1, windowMs: 10 }], clock);
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => limiter.run(async () => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('waits on the real clock by default', async () => {
    const limiter = new SlidingWindowRateLimiter([{ limit: 1, windowMs: 50 }]);
    const start = Date.now();
    await limiter.acquire();
    await limiter.acquire();
    expect(Date.now() - start).toBeGreaterThanOrEqual(50);
  });

  it('refuses a limiter without windows or with a bad one', () => {
    expect(() => new SlidingWindowRateLimiter([])).toThrow();
    expect(() => new SlidingWindowRateLimiter([{ limit: 0, windowMs: 1000 }])).toThrow();
    expect(() => new SlidingWindowRateLimiter([{ limit: 1, windowMs: 0 }])).toThrow();
  });
});
