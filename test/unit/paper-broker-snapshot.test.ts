import { ManualClock } from '../../adapters/clock/manual-clock';
import type { PaperBookSnapshot } from '../../adapters/paper-broker/paper-book-snapshot';
import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import type { PaperBrokerOptions } from '../../adapters/paper-broker/paper-broker-options';
import { InstrumentMaster } from '../../domain/instruments/instrument-master';
import {
  NIFTY_CE,
  order,
  type PaperHarness,
  paperHarness,
  paperMaster,
  sbin,
  withBroker,
} from './paper-broker-harness';

/** The book survives a snapshot and a restore exactly, and the same ticks and orders always give the same book. */
describe('paper broker snapshot, restore and determinism', () => {
  const OPTIONS: Partial<PaperBrokerOptions> = {
    latencyMs: 100,
    slippage: { kind: 'TICKS', ticks: 1 },
    liquidity: { kind: 'SHARE_OF_QUOTE', percent: 20, unitsWhenNoDepth: 5 },
  };
  const opt = (last: number) => ({
    instrument: NIFTY_CE,
    last,
    bid: last - 5,
    ask: last + 5,
    bidQty: 650,
    askQty: 650,
  });

  /** A morning: market, limit, stop and option orders, partial fills, a modification, a cancel, one order still pending. */
  async function morning(h: PaperHarness): Promise<void> {
    let n = 0;
    const tag = () => `DAY${String(++n).padStart(4, '0')}`;
    await h.quote(sbin(80_000, 5, 100));
    await h.quote(opt(12_000));
    await h.broker.placeOrder(
      order({ clientOrderId: tag(), orderType: 'MARKET', price: undefined, marketProtection: -1, quantity: 50 }),
    );
    const limit = await h.broker.placeOrder(order({ clientOrderId: tag(), side: 'SELL', price: 80_200, quantity: 30 }));
    await h.broker.placeOrder(
      order({ clientOrderId: tag(), side: 'SELL', orderType: 'SL', triggerPrice: 79_500, price: 79_400, quantity: 20 }),
    );
    await h.broker.placeOrder(
      order({
        clientOrderId: tag(),
        instrument: NIFTY_CE,
        side: 'SELL',
        orderType: 'MARKET',
        price: undefined,
        marketProtection: 2,
        quantity: 195,
      }),
    );
    for (const last of [80_050, 80_100, 80_250, 80_300]) await h.quote(sbin(last, 5, 60));
    await h.quote(opt(12_100));
    await h.broker.modifyOrder(limit.brokerOrderId, { price: 80_250 });
    const resting = await h.broker.placeOrder(order({ clientOrderId: tag(), price: 78_000 }));
    for (const last of [79_600, 79_450, 79_350, 79_420]) await h.quote(sbin(last, 5, 60));
    await h.broker.cancelOrder(resting.brokerOrderId);
    await h.quote(opt(11_900));
    await h.broker.placeOrder(order({ clientOrderId: tag(), price: 79_500 })); // still OPEN PENDING at the snapshot
  }

  /** What follows the snapshot: the pending order goes live, the market moves, a new order fills. */
  async function afternoon(h: PaperHarness): Promise<void> {
    await h.clock.advanceBy(100);
    for (const last of [79_300, 79_550, 79_600]) await h.quote(sbin(last, 5, 80));
    await h.broker.placeOrder(
      order({
        clientOrderId: 'PM0001',
        side: 'SELL',
        orderType: 'MARKET',
        price: undefined,
        marketProtection: -1,
        quantity: 5,
      }),
    );
    await h.quote(opt(11_800));
    await h.clock.advanceBy(100);
  }

  function restoreFrom(snapshot: unknown, atMs: number, options: Partial<PaperBrokerOptions> = OPTIONS): PaperHarness {
    const clock = new ManualClock(atMs);
    return withBroker(clock, PaperBroker.restore(snapshot, { clock, instruments: paperMaster(), options }));
  }

  it('writes the whole book as JSON that reads back the same', async () => {
    const h = paperHarness(OPTIONS);
    await morning(h);
    const snap = h.broker.snapshot();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snap.orders.length).toBe(6);
    expect(snap.trades.length).toBeGreaterThan(4);
    expect(snap.orders.some((o) => o.filledQuantity > 0 && o.final === null)).toBe(true); // a partial fill in it
    expect(snap.orders.at(-1)?.liveAtMs).not.toBeNull();
    expect(snap.positions).toEqual(await h.broker.positions());
  });

  it('restores to an equal book, which then behaves exactly as the original', async () => {
    const original = paperHarness(OPTIONS);
    await morning(original);
    const snap = original.broker.snapshot();
    const restored = restoreFrom(JSON.parse(JSON.stringify(snap)), original.clock.nowMs());
    expect(restored.broker.snapshot()).toEqual(snap);
    for (const read of ['orders', 'trades', 'positions'] as const) {
      expect(await restored.broker[read]()).toEqual(await original.broker[read]());
    }

    const before = original.updates.length;
    await afternoon(original);
    await afternoon(restored);
    expect(restored.updates).toEqual(original.updates.slice(before));
    expect(restored.updates.length).toBeGreaterThan(2);
    expect(restored.broker.snapshot()).toEqual(original.broker.snapshot());
  });

  it('wakes a pending order of a restored book when its time comes, without any call', async () => {
    const original = paperHarness(OPTIONS);
    await morning(original);
    const snap = original.broker.snapshot();
    const pending = snap.orders.at(-1);
    const restored = restoreFrom(snap, original.clock.nowMs());
    await restored.clock.advanceBy(100);
    expect(restored.updates.map((u) => [u.brokerOrderId, u.status])).toEqual([
      [pending?.brokerOrderId, 'OPEN'],
      [pending?.brokerOrderId, 'COMPLETE'],
    ]);
  });

  it('continues the sequences and the ID prefix of the book, whatever the options say', async () => {
    const h = paperHarness({ idPrefix: 'ACCT1' });
    await h.broker.placeOrder(order());
    const restored = restoreFrom(h.broker.snapshot(), h.clock.nowMs(), { idPrefix: 'OTHER' });
    const { brokerOrderId } = await restored.broker.placeOrder(order());
    expect(brokerOrderId).toBe('ACCT1O000000002');
  });

  it('restores a book into a running broker in place: its listeners stay, the book goes on as the original', async () => {
    const original = paperHarness(OPTIONS);
    await morning(original);
    const snap = original.broker.snapshot();
    const other = paperHarness(OPTIONS, { clock: new ManualClock(original.clock.nowMs()) }); // it saw another morning
    await other.broker.placeOrder(order({ clientOrderId: 'ELSEWHERE', quantity: 1 }));
    expect(() => other.broker.restoreBook({ ...snap, nextTradeSeq: 'x' })).toThrow(/paper broker book/);
    expect((await other.broker.orders()).map((o) => o.clientOrderId)).toEqual(['ELSEWHERE']); // a refusal changes nothing
    other.broker.restoreBook(JSON.parse(JSON.stringify(snap)));
    expect(other.broker.snapshot()).toEqual(snap);
    const before = { original: original.updates.length, other: other.updates.length };
    await afternoon(original);
    await afternoon(other);
    expect(other.updates.slice(before.other)).toEqual(original.updates.slice(before.original)); // the pending order woke too
    expect(other.broker.snapshot()).toEqual(original.broker.snapshot());
  });

  describe('refuses a snapshot that is not a sound book', () => {
    async function sound(): Promise<{ snap: PaperBookSnapshot; at: number }> {
      const h = paperHarness(OPTIONS);
      await morning(h);
      return { snap: JSON.parse(JSON.stringify(h.broker.snapshot())), at: h.clock.nowMs() };
    }

    it('malformed', async () => {
      const { snap, at } = await sound();
      expect(() => restoreFrom({ ...snap, version: 2 }, at)).toThrow(/not a paper broker book snapshot: version/);
      expect(() => restoreFrom({ ...snap, orders: [{ ...snap.orders[0], quantity: -1 }] }, at)).toThrow(
        /orders\.0\.quantity/,
      );
      expect(() => restoreFrom(null, at)).toThrow(/not a paper broker book snapshot/);
    });

    it('a trade that does not add up to its order', async () => {
      const { snap, at } = await sound();
      const trades = snap.trades.map((t, i) => (i === 0 ? { ...t, quantity: t.quantity + 1 } : t));
      expect(() => restoreFrom({ ...snap, trades }, at)).toThrow(
        /inconsistent paper broker book: order .* its trades fill/,
      );
    });

    it('an order on an instrument the master does not hold', async () => {
      const { snap, at } = await sound();
      const clock = new ManualClock(at);
      expect(() => PaperBroker.restore(snap, { clock, instruments: InstrumentMaster.empty() })).toThrow(
        /NSE:SBIN is not in the instrument master/,
      );
      expect(() => PaperBroker.restore(snap, { clock, instruments: paperMaster() })).not.toThrow();
    });

    it('positions that do not follow from the trades', async () => {
      const { snap, at } = await sound();
      const positions = snap.positions.map((p, i) => (i === 0 ? { ...p, quantity: p.quantity + 1 } : p));
      expect(() => restoreFrom({ ...snap, positions }, at)).toThrow(/positions do not follow from the trades/);
    });
  });

  it('is deterministic: the same ticks and orders give the same book and the same updates', async () => {
    const a = paperHarness(OPTIONS);
    const b = paperHarness(OPTIONS);
    await morning(a);
    await afternoon(a);
    await morning(b);
    await afternoon(b);
    expect(b.broker.snapshot()).toEqual(a.broker.snapshot());
    expect(b.updates).toEqual(a.updates);
  });

  it('runs with different prefixes never share an order or trade ID', async () => {
    const a = paperHarness({ ...OPTIONS, idPrefix: 'RUNA' });
    const b = paperHarness({ ...OPTIONS, idPrefix: 'RUNB' });
    await morning(a);
    await morning(b);
    const ids = async (h: PaperHarness) => [
      ...(await h.broker.orders()).map((o) => o.brokerOrderId),
      ...(await h.broker.trades()).map((t) => t.tradeId),
    ];
    const [ia, ib] = [await ids(a), await ids(b)];
    expect(ia.length).toBeGreaterThan(6);
    expect(ia.filter((id) => ib.includes(id))).toEqual([]);
    expect(ia[0]).toBe('RUNAO000000001');
  });
});
