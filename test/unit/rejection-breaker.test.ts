import { ManualClock } from '../../adapters/clock/manual-clock';
import { RejectionBreaker } from '../../commands/control/rejection-breaker';
import type { OrderNews } from '../../commands/trading/order-steps';

const news = (type: string, n = 0): OrderNews =>
  ({ groupId: `g${n}`, event: { type, data: {} } }) as unknown as OrderNews;

const flush = () => new Promise((r) => setImmediate(r));

describe('RejectionBreaker: a storm of rejected orders trips the circuit breaker', () => {
  const storm = { count: 3, inARow: 2, windowMs: 60_000 };

  it('trips once the count is reached inside the window, with the count in its detail', async () => {
    const clock = new ManualClock('2026-12-04T04:00:00Z');
    const trips: string[] = [];
    const b = new RejectionBreaker({ clock, storm, trip: async (d) => trips.push(d) });
    b.observe(news('OrderRejected', 1));
    await clock.advanceBy(10_000);
    b.observe(news('OrderFilled', 2)); // a fill between: not two in a row
    b.observe(news('OrderRejected', 2));
    expect(trips).toEqual([]);
    await clock.advanceBy(10_000);
    b.observe(news('OrderRejected', 3));
    await flush();
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatch(/^3 orders rejected within 1 minutes/);
  });

  it('trips on rejections in a row (no fill between) before the count is reached', async () => {
    const clock = new ManualClock(0);
    const trips: string[] = [];
    const b = new RejectionBreaker({ clock, storm, trip: async (d) => trips.push(d) });
    b.observe(news('OrderRejected', 1));
    await clock.advanceBy(20_000);
    b.observe(news('OrderRejected', 2));
    await flush();
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatch(/^2 orders rejected in a row, no fill between/);
  });

  it('forgets rejections older than the window: spread-out refusals are no storm', async () => {
    const clock = new ManualClock(0);
    const trips: string[] = [];
    const b = new RejectionBreaker({ clock, storm, trip: async (d) => trips.push(d) });
    for (let i = 0; i < 10; i++) {
      b.observe(news('OrderRejected', i));
      await clock.advanceBy(61_000); // one in any minute: never two in the window
    }
    await flush();
    expect(trips).toEqual([]);
  });

  it('a trip that fails is reported, and the next storm trips again', async () => {
    const clock = new ManualClock(0);
    const errors: unknown[] = [];
    let calls = 0;
    const b = new RejectionBreaker({
      clock,
      storm,
      trip: async () => {
        calls++;
        if (calls === 1) throw new Error('store down');
      },
      onError: (e) => errors.push(e),
    });
    for (let i = 0; i < 3; i++) b.observe(news('OrderRejected', i));
    await flush();
    for (let i = 0; i < 3; i++) b.observe(news('OrderRejected', i));
    await flush();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
