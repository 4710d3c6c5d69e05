import { BrokerError } from '../../commands/ports/broker';
import { order, paperHarness, sbin } from './paper-broker-harness';

/** Injected faults: rejections, placement timeouts before and after the broker recorded, failing cancels, throttling. */
describe('paper broker faults', () => {
  const book = async (h: ReturnType<typeof paperHarness>) => [
    await h.broker.orders(),
    await h.broker.trades(),
    await h.broker.positions(),
  ];

  it('rejects the next N placements with the chosen message, refusing them (nothing recorded)', async () => {
    const h = paperHarness();
    h.broker.faults.rejectNextPlacements(2, 'RMS: insufficient margin');
    for (let i = 0; i < 2; i++) {
      await expect(h.broker.placeOrder(order())).rejects.toMatchObject({
        kind: 'NON_RETRYABLE',
        message: 'RMS: insufficient margin',
      });
    }
    expect(await h.broker.orders()).toEqual([]);
    expect(h.updates).toEqual([]);
    await h.broker.placeOrder(order());
    expect(await h.broker.orders()).toHaveLength(1);
  });

  it('an invalid placement does not use up an injected rejection', async () => {
    const h = paperHarness();
    h.broker.faults.rejectNextPlacements(1, 'injected');
    await expect(h.broker.placeOrder(order({ quantity: 0 }))).rejects.toThrow(/quantity/);
    await expect(h.broker.placeOrder(order())).rejects.toThrow('injected');
  });

  it('can reject as Kite’s RMS does: a REJECTED order in the book, an update, and the ID returned', async () => {
    const h = paperHarness();
    await h.quote(sbin(80_000));
    h.broker.faults.rejectNextPlacements(1, 'Insufficient funds', 'ORDER_REJECTED');
    const req = order({ price: 80_100 });
    const { brokerOrderId } = await h.broker.placeOrder(req);
    const rejected = {
      brokerOrderId,
      clientOrderId: req.clientOrderId,
      status: 'REJECTED',
      statusMessage: 'Insufficient funds',
    };
    expect(await h.broker.orders()).toEqual([expect.objectContaining({ ...rejected, filledQuantity: 0 })]);
    expect(h.updates).toEqual([expect.objectContaining(rejected)]);
    expect(await h.broker.trades()).toEqual([]);
    await expect(h.broker.cancelOrder(brokerOrderId)).rejects.toThrow(/REJECTED and cannot be cancelled/);
  });

  it('a timeout BEFORE the broker recorded the placement: UNKNOWN, and nothing exists', async () => {
    const h = paperHarness();
    await h.quote(sbin(80_000));
    h.broker.faults.timeOutNextPlacements('BEFORE_RECORD');
    const error = await h.broker.placeOrder(order({ price: 80_100 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerError);
    expect(error).toMatchObject({ kind: 'UNKNOWN', code: 'Timeout' });
    expect(await book(h)).toEqual([[], [], []]);
  });

  it('a timeout AFTER the broker recorded it: UNKNOWN, yet the order exists, is found by its tag and fills', async () => {
    const h = paperHarness();
    await h.quote(sbin(80_000));
    h.broker.faults.timeOutNextPlacements('AFTER_RECORD');
    const req = order({ price: 79_900 });
    await expect(h.broker.placeOrder(req)).rejects.toMatchObject({ kind: 'UNKNOWN' });
    const found = (await h.broker.orders()).filter((o) => o.clientOrderId === req.clientOrderId);
    expect(found).toEqual([expect.objectContaining({ status: 'OPEN', quantity: 10 })]);
    expect(h.updates.map((u) => u.clientOrderId)).toEqual([req.clientOrderId]); // the update still flows
    await h.quote(sbin(79_800));
    expect((await h.broker.orders())[0]?.status).toBe('COMPLETE');
  });

  it('a timeout AFTER a refusal is still UNKNOWN to the caller', async () => {
    const h = paperHarness();
    h.broker.faults.timeOutNextPlacements('AFTER_RECORD');
    await expect(h.broker.placeOrder(order({ price: 79_001 }))).rejects.toMatchObject({ kind: 'UNKNOWN' });
    expect(await h.broker.orders()).toEqual([]);
  });

  it('timeouts are used up one placement each, in the order armed', async () => {
    const h = paperHarness();
    h.broker.faults.timeOutNextPlacements('AFTER_RECORD');
    h.broker.faults.timeOutNextPlacements('BEFORE_RECORD', 2);
    for (let i = 0; i < 3; i++) await expect(h.broker.placeOrder(order())).rejects.toMatchObject({ kind: 'UNKNOWN' });
    await h.broker.placeOrder(order());
    expect(await h.broker.orders()).toHaveLength(2);
    expect(h.broker.faults.armed).toEqual({ rejections: 0, timeouts: 0, cancelFailures: 0, throttled: 0 });
  });

  it('cancels fail N times RETRYABLE, changing nothing, then succeed', async () => {
    const h = paperHarness();
    const { brokerOrderId } = await h.broker.placeOrder(order());
    h.broker.faults.failNextCancels(2);
    const seen = h.updates.length;
    for (let i = 0; i < 2; i++) {
      await expect(h.broker.cancelOrder(brokerOrderId)).rejects.toMatchObject({ kind: 'RETRYABLE' });
      expect((await h.broker.orders())[0]?.status).toBe('OPEN');
    }
    expect(h.updates.length).toBe(seen);
    await h.broker.cancelOrder(brokerOrderId);
    expect((await h.broker.orders())[0]?.status).toBe('CANCELLED');
  });

  it('throttles the next N order calls 429-like (RETRYABLE), whatever they are', async () => {
    const h = paperHarness();
    const { brokerOrderId } = await h.broker.placeOrder(order());
    h.broker.faults.throttleNext(3);
    const throttled = { kind: 'RETRYABLE', code: 'TooManyRequests' };
    await expect(h.broker.placeOrder(order())).rejects.toMatchObject(throttled);
    await expect(h.broker.modifyOrder(brokerOrderId, { price: 78_000 })).rejects.toMatchObject(throttled);
    await expect(h.broker.cancelOrder(brokerOrderId)).rejects.toMatchObject(throttled);
    expect(await h.broker.orders()).toEqual([expect.objectContaining({ status: 'OPEN', price: 79_000 })]);
    await h.broker.cancelOrder(brokerOrderId);
    expect((await h.broker.orders())[0]?.status).toBe('CANCELLED');
  });

  it('enforces an order rate limit on the clock when configured', async () => {
    const h = paperHarness({ orderRateLimit: { limit: 3, windowMs: 1_000 } });
    for (let i = 0; i < 3; i++) await h.broker.placeOrder(order());
    await expect(h.broker.placeOrder(order())).rejects.toMatchObject({ kind: 'RETRYABLE', code: 'TooManyRequests' });
    await h.clock.advanceBy(999);
    await expect(h.broker.placeOrder(order())).rejects.toMatchObject({ kind: 'RETRYABLE' });
    await h.clock.advanceBy(1);
    await h.broker.placeOrder(order());
    expect(await h.broker.orders()).toHaveLength(4);
  });

  it('clear() disarms every fault; arming zero calls is refused', async () => {
    const h = paperHarness();
    h.broker.faults.rejectNextPlacements(1);
    h.broker.faults.throttleNext(1);
    h.broker.faults.clear();
    await h.broker.placeOrder(order());
    expect(() => h.broker.faults.failNextCancels(0)).toThrow(/1 or more/);
  });
});
