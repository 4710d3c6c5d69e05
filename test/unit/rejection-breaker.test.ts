import { RejectionBreaker } from '../../commands/control/rejection-breaker';
import type { Clock } from '../../commands/ports/clock';
import type { OrderNews } from '../../commands/trading/order-steps';

class StepClock implements Clock {
  constructor(public ms: number) {}
  nowMs(): number {
    return this.ms;
  }
  nowIso(): string {
    return new Date(this.ms).toISOString();
  }
}

const news = (type: string, n = 0): OrderNews =>
  ({ groupId: `g${n}`, event: { type, data: {} } }) as unknown as OrderNews;

const flush = () => new Promise((r) => setImmediate(r));

describe('RejectionBreaker: a storm of rejected orders trips the circuit breaker', () => {
  const storm = { count: 3, windowMs: 60_000 };

  it('trips once the count is reached inside the window, with the count in its detail', async () => {
    const clock = new StepClock(Date.parse('2026-12-04T04:00:00Z'));
    const trips: string[] = [];
    const b = new RejectionBreaker({ clock, storm, trip: async (d) => trips.push(d) });
    b.observe(news('OrderRejected', 1));
    clock.ms += 10_000;
    b.observe(news('OrderFilled', 2));
    b.observe(news('OrderRejected', 2));
    expect(trips).toEqual([]);
    clock.ms += 10_000;
    b.observe(news('OrderRejected', 3));
    await flush();
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatch(/^3 orders rejected within 1 minutes/);
  });

  it('forgets rejections older than the window: spread-out refusals are no storm', async () => {
    const clock = new StepClock(0);
    const trips: string[] = [];
    const b = new RejectionBreaker({ clock, storm, trip: async (d) => trips.push(d) });
    for (let i = 0; i < 10; i++) {
      b.observe(news('OrderRejected', i));
      clock.ms += 31_000; // two in any minute at most
    }
    await flush();
    expect(trips).toEqual([]);
  });

  it('a trip that fails is reported, and the next storm trips again', async () => {
    const clock = new StepClock(0);
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
