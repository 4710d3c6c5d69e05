import {
  type Broker,
  BrokerError,
  type BrokerOrder,
  type BrokerOrderStatus,
  type PlaceOrderRequest,
} from '../../commands/ports/broker';
import type { Paise } from '../../domain/money/paise';

/** One market update for the broker under test to match against. */
export interface MarketQuote {
  readonly instrument: string;
  readonly last: Paise;
  readonly bid?: Paise;
  readonly ask?: Paise;
  readonly bidQty?: number;
  readonly askQty?: number;
}

/** A broker together with the market it fills against. */
export interface SimulatedMarketBroker {
  readonly broker: Broker;
  /** The market moves (time moves on a little first); the broker matches its working orders against it. */
  quote(q: MarketQuote): Promise<void>;
  /** Lets the broker's pending work (orders going live, cancels taking effect) finish. */
  settle(): Promise<void>;
  cleanup?(): Promise<void>;
}

export interface BrokerContractSettings {
  /** At most this many units fill per quote and side; null: as many as wanted. */
  readonly unitsPerQuote: number | null;
}

export interface BrokerContractFixture {
  /** A cash equity (lot 1, tick Rs 0.05) trading near Rs 800. */
  readonly equity: string;
  /** An index option (lot > 1, tick Rs 0.05) trading near Rs 120. */
  readonly option: { readonly key: string; readonly lotSize: number };
  make(settings: BrokerContractSettings): Promise<SimulatedMarketBroker>;
}

/** Statuses a broker may show on the way between two of the stable ones; the contract does not count on them. */
const TRANSITIONAL: readonly BrokerOrderStatus[] = [
  'PUT ORDER REQ RECEIVED',
  'VALIDATION PENDING',
  'OPEN PENDING',
  'MODIFY VALIDATION PENDING',
  'MODIFY PENDING',
  'MODIFIED',
  'CANCEL PENDING',
];
const FINAL: readonly BrokerOrderStatus[] = ['COMPLETE', 'CANCELLED', 'REJECTED'];

let tagSeq = 0;
/** A fresh Kite-valid tag (20 letters and digits). */
function tag(): string {
  tagSeq += 1;
  return `CT${String(tagSeq).padStart(6, '0')}${Date.now().toString(36).toUpperCase()}`.slice(0, 20);
}

/**
 * The broker contract: what the execution engine, the OCO manager and the order watcher count on
 * from any broker that can simulate a market. Prices in paise: the equity trades near Rs 800.00,
 * on a Rs 0.05 tick; the option near Rs 120.00.
 */
export function brokerContract(fixture: BrokerContractFixture): void {
  const EQ = fixture.equity;
  const OPT = fixture.option.key;
  const LOT = fixture.option.lotSize;
  let sut: SimulatedMarketBroker | undefined;
  let updates: BrokerOrder[];

  async function make(settings: BrokerContractSettings = { unitsPerQuote: null }): Promise<SimulatedMarketBroker> {
    sut = await fixture.make(settings);
    updates = [];
    sut.broker.onOrderUpdate((o) => updates.push(o));
    return sut;
  }
  afterEach(async () => {
    await sut?.cleanup?.();
    sut = undefined;
  });

  const eqQuote = (last: Paise, spread = 5, qty?: number): MarketQuote => ({
    instrument: EQ,
    last,
    bid: last - spread,
    ask: last + spread,
    ...(qty === undefined ? {} : { bidQty: qty, askQty: qty }),
  });
  const limitBuy = (price: Paise, quantity = 10, extra: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest => ({
    clientOrderId: tag(),
    instrument: EQ,
    side: 'BUY',
    quantity,
    orderType: 'LIMIT',
    product: 'MIS',
    validity: 'DAY',
    price,
    ...extra,
  });
  const market = (side: 'BUY' | 'SELL', quantity: number, instrument = EQ): PlaceOrderRequest => ({
    clientOrderId: tag(),
    instrument,
    side,
    quantity,
    orderType: 'MARKET',
    product: 'MIS',
    validity: 'DAY',
    marketProtection: -1,
  });
  async function orderOf(b: SimulatedMarketBroker, id: string): Promise<BrokerOrder> {
    const found = (await b.broker.orders()).find((o) => o.brokerOrderId === id);
    if (!found) throw new Error(`order ${id} is not in the order book`);
    return found;
  }
  const stable = (id: string): BrokerOrderStatus[] =>
    updates.filter((u) => u.brokerOrderId === id && !TRANSITIONAL.includes(u.status)).map((u) => u.status);

  describe('place, fill, cancel', () => {
    it('a LIMIT BUY below the market rests OPEN, then fills at its limit or better when the market comes to it', async () => {
      const b = await make();
      await b.quote(eqQuote(80_000));
      const { brokerOrderId } = await b.broker.placeOrder(limitBuy(79_900));
      await b.settle();
      await b.quote(eqQuote(79_950));
      expect(await orderOf(b, brokerOrderId)).toMatchObject({
        status: 'OPEN',
        filledQuantity: 0,
        pendingQuantity: 10,
        averagePrice: null,
      });
      expect(await b.broker.trades()).toEqual([]);

      await b.quote(eqQuote(79_880));
      const filled = await orderOf(b, brokerOrderId);
      expect(filled).toMatchObject({
        status: 'COMPLETE',
        filledQuantity: 10,
        pendingQuantity: 0,
        cancelledQuantity: 0,
      });
      expect(filled.averagePrice).toBeLessThanOrEqual(79_900);
      const trades = await b.broker.trades();
      expect(trades.reduce((s, t) => s + t.quantity, 0)).toBe(10);
      expect(trades.every((t) => t.brokerOrderId === brokerOrderId && t.side === 'BUY' && t.price <= 79_900)).toBe(
        true,
      );
      expect(await b.broker.positions()).toEqual([
        expect.objectContaining({
          instrument: EQ,
          quantity: 10,
          averagePrice: filled.averagePrice,
          buyQuantity: 10,
          sellQuantity: 0,
        }),
      ]);
    });

    it('a MARKET order fills at the touch or worse, within its market protection', async () => {
      const b = await make();
      await b.quote(eqQuote(80_000));
      const { brokerOrderId } = await b.broker.placeOrder(market('BUY', 5));
      await b.settle();
      await b.quote(eqQuote(80_000));
      const o = await orderOf(b, brokerOrderId);
      expect(o).toMatchObject({ status: 'COMPLETE', filledQuantity: 5 });
      expect(o.averagePrice).toBeGreaterThanOrEqual(80_005);
      expect(o.averagePrice).toBeLessThanOrEqual(80_000 * 1.05);
    });

    it('a SELL closes the long: the position is flat, with its buy and sell quantities', async () => {
      const b = await make();
      await b.quote(eqQuote(80_000));
      await b.broker.placeOrder(market('BUY', 7));
      await b.settle();
      await b.quote(eqQuote(80_100));
      await b.broker.placeOrder(market('SELL', 7));
      await b.settle();
      await b.quote(eqQuote(80_100));
      const [p] = await b.broker.positions();
      expect(p).toMatchObject({ instrument: EQ, quantity: 0, buyQuantity: 7, sellQuantity: 7, averagePrice: null });
    });

    it('a cancelled order is CANCELLED with its unfilled quantity and cannot be cancelled or modified again', async () => {
      const b = await make();
      await b.quote(eqQuote(80_000));
      const { brokerOrderId } = await b.broker.placeOrder(limitBuy(79_000));
      await b.settle();
      await b.broker.cancelOrder(brokerOrderId);
      await b.settle();
      expect(await orderOf(b, brokerOrderId)).toMatchObject({
        status: 'CANCELLED',
        filledQuantity: 0,
        cancelledQuantity: 10,
        pendingQuantity: 0,
      });
      await b.quote(eqQuote(78_000));
      expect(await b.broker.trades()).toEqual([]);
      await expect(b.broker.cancelOrder(brokerOrderId)).rejects.toMatchObject({ kind: 'NON_RETRYABLE' });
      await expect(b.broker.modifyOrder(brokerOrderId, { price: 79_500 })).rejects.toMatchObject({
        kind: 'NON_RETRYABLE',
      });
    });

    it('a COMPLETE order cannot be cancelled or modified', async () => {
      const b = await make();
      await b.quote(eqQuote(80_000));
      const { brokerOrderId } = await b.broker.placeOrder(market('BUY', 1));
      await b.settle();
      await b.quote(eqQuote(80_000));
      expect((await orderOf(b, brokerOrderId)).status).toBe('COMPLETE');
      await expect(b.broker.cancelOrder(brokerOrderId)).rejects.toMatchObject({ kind: 'NON_RETRYABLE' });
      await expect(b.broker.modifyOrder(brokerOrderId, { quantity: 2 })).rejects.toMatchObject({
        kind: 'NON_RETRYABLE',
      });
    });

    it('an unknown order ID cannot be cancelled or modified', async () => {
      const b = await make();
      await expect(b.broker.cancelOrder('NO-SUCH-ORDER')).rejects.toMatchObject({ kind: 'NON_RETRYABLE' });
      await expect(b.broker.modifyOrder('NO-SUCH-ORDER', { price: 80_000 })).rejects.toMatchObject({
        kind: 'NON_RETRYABLE',
      });
    });

    it('a resting LIMIT modified to a marketable price fills, at the new limit or better', async () => {
      const b = await make();
      await b.quote(eqQuote(80_000));
      const { brokerOrderId } = await b.broker.placeOrder(limitBuy(79_000));
      await b.settle();
      await b.broker.modifyOrder(brokerOrderId, { price: 80_010 });
      await b.settle();
      await b.quote(eqQuote(80_000));
      const o = await orderOf(b, brokerOrderId);
      expect(o).toMatchObject({ status: 'COMPLETE', price: 80_010, filledQuantity: 10 });
      expect(o.averagePrice).toBeLessThanOrEqual(80_010);
    });

    it('an SL BUY waits in TRIGGER PENDING until the last price reaches its trigger, then fills within its limit', async () => {
      const b = await make();
      await b.quote(eqQuote(80_000));
      const { brokerOrderId } = await b.broker.placeOrder(
        limitBuy(80_150, 10, { orderType: 'SL', triggerPrice: 80_100 }),
      );
      await b.settle();
      await b.quote(eqQuote(80_095));
      expect(await orderOf(b, brokerOrderId)).toMatchObject({ status: 'TRIGGER PENDING', filledQuantity: 0 });
      await b.quote(eqQuote(80_100));
      const o = await orderOf(b, brokerOrderId);
      expect(o).toMatchObject({ status: 'COMPLETE', filledQuantity: 10 });
      expect(o.averagePrice).toBeLessThanOrEqual(80_150);
      expect(stable(brokerOrderId)).toEqual(['TRIGGER PENDING', 'OPEN', 'COMPLETE']);
    });

    it('accepts two orders with the same tag, as Kite does (idempotency is the engine’s job)', async () => {
      const b = await make();
      const request = limitBuy(79_000);
      const first = await b.broker.placeOrder(request);
      const second = await b.broker.placeOrder(request);
      await b.settle();
      expect(second.brokerOrderId).not.toBe(first.brokerOrderId);
      const tagged = (await b.broker.orders()).filter((o) => o.clientOrderId === request.clientOrderId);
      expect(tagged.map((o) => o.brokerOrderId).sort()).toEqual([first.brokerOrderId, second.brokerOrderId].sort());
    });
  });

  describe('partial fills', () => {
    it('a large order fills over several quotes, OPEN with filledQuantity > 0 until COMPLETE', async () => {
      const b = await make({ unitsPerQuote: 4 });
      await b.quote(eqQuote(80_000, 5, 1_000));
      const { brokerOrderId } = await b.broker.placeOrder(limitBuy(80_005, 10));
      await b.settle();
      const seen: BrokerOrder[] = [];
      for (let i = 0; i < 10 && (seen.at(-1)?.status ?? 'OPEN') !== 'COMPLETE'; i++) {
        await b.quote(eqQuote(80_000, 5, 1_000));
        seen.push(await orderOf(b, brokerOrderId));
      }
      const partial = seen.filter((o) => o.filledQuantity > 0 && o.filledQuantity < 10);
      expect(partial.length).toBeGreaterThan(0);
      for (const o of partial) {
        expect(o.status).toBe('OPEN');
        expect(o.pendingQuantity).toBe(10 - o.filledQuantity);
      }
      expect(seen.at(-1)).toMatchObject({ status: 'COMPLETE', filledQuantity: 10 });
      const trades = (await b.broker.trades()).filter((t) => t.brokerOrderId === brokerOrderId);
      expect(trades.length).toBeGreaterThan(1);
      expect(trades.reduce((s, t) => s + t.quantity, 0)).toBe(10);
      for (const t of trades) expect(t.quantity).toBeLessThanOrEqual(4);
    });

    it('cancelling a partly filled order cancels only what is left', async () => {
      const b = await make({ unitsPerQuote: 3 });
      await b.quote(eqQuote(80_000, 5, 1_000));
      const { brokerOrderId } = await b.broker.placeOrder(limitBuy(80_005, 10));
      await b.settle();
      await b.quote(eqQuote(80_000, 5, 1_000));
      const before = await orderOf(b, brokerOrderId);
      expect(before.filledQuantity).toBeGreaterThan(0);
      expect(before.filledQuantity).toBeLessThan(10);
      await b.broker.cancelOrder(brokerOrderId);
      await b.settle();
      const after = await orderOf(b, brokerOrderId);
      expect(after.status).toBe('CANCELLED');
      expect(after.filledQuantity + after.cancelledQuantity).toBe(10);
      expect(after.pendingQuantity).toBe(0);
      const [p] = await b.broker.positions();
      expect(p?.quantity).toBe(after.filledQuantity);
    });

    it('an option fills in whole lots', async () => {
      const b = await make({ unitsPerQuote: LOT + 1 });
      await b.quote({ instrument: OPT, last: 12_000, bid: 11_995, ask: 12_005 });
      const { brokerOrderId } = await b.broker.placeOrder({
        ...limitBuy(12_050, 3 * LOT),
        instrument: OPT,
      });
      await b.settle();
      for (let i = 0; i < 6; i++) await b.quote({ instrument: OPT, last: 12_000, bid: 11_995, ask: 12_005 });
      expect(await orderOf(b, brokerOrderId)).toMatchObject({ status: 'COMPLETE', filledQuantity: 3 * LOT });
      for (const t of await b.broker.trades()) expect(t.quantity % LOT).toBe(0);
    });
  });

  describe('refusals', () => {
    const refused: [string, (r: PlaceOrderRequest) => PlaceOrderRequest][] = [
      ['an unknown instrument', (r) => ({ ...r, instrument: 'NSE:NOSUCHSTOCK' })],
      ['a malformed instrument key', (r) => ({ ...r, instrument: 'SBIN' })],
      ['a zero quantity', (r) => ({ ...r, quantity: 0 })],
      ['a negative quantity', (r) => ({ ...r, quantity: -5 })],
      ['a fractional quantity', (r) => ({ ...r, quantity: 2.5 })],
      [
        'a quantity that is not a whole number of lots',
        (r) => ({ ...r, instrument: OPT, price: 12_000, quantity: LOT + 1 }),
      ],
      ['a price off the tick', (r) => ({ ...r, price: 80_003 })],
      ['a LIMIT without a price', (r) => ({ ...r, price: undefined })],
      ['an SL without a trigger', (r) => ({ ...r, orderType: 'SL' })],
      ['a trigger off the tick', (r) => ({ ...r, orderType: 'SL', price: 80_300, triggerPrice: 80_202 })],
      [
        'an SL-M on an option',
        (r) => ({
          ...r,
          instrument: OPT,
          quantity: LOT,
          orderType: 'SL-M',
          price: undefined,
          triggerPrice: 13_000,
          marketProtection: -1,
        }),
      ],
      ['a tag longer than 20 characters', (r) => ({ ...r, clientOrderId: 'A'.repeat(21) })],
      ['a tag that is not alphanumeric', (r) => ({ ...r, clientOrderId: 'PLAN-1_LEG' })],
      ['a market protection of 0', (r) => ({ ...r, orderType: 'MARKET', price: undefined, marketProtection: 0 })],
    ];

    it.each(refused)('%s is refused NON_RETRYABLE with a reason, and changes nothing', async (_what, bad) => {
      const b = await make();
      await b.quote(eqQuote(80_000));
      await b.quote({ instrument: OPT, last: 12_000, bid: 11_995, ask: 12_005 });
      await b.broker.placeOrder(market('BUY', 3));
      await b.settle();
      await b.quote(eqQuote(80_000));
      const before = [await b.broker.orders(), await b.broker.trades(), await b.broker.positions()];
      const seen = updates.length;

      const error = await b.broker.placeOrder(bad(limitBuy(79_000))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BrokerError);
      expect(error).toMatchObject({ kind: 'NON_RETRYABLE' });
      expect((error as BrokerError).message.length).toBeGreaterThan(10);

      await b.settle();
      expect([await b.broker.orders(), await b.broker.trades(), await b.broker.positions()]).toEqual(before);
      expect(updates.length).toBe(seen);
    });

    it('a refused modification changes nothing', async () => {
      const b = await make();
      await b.quote(eqQuote(80_000));
      const { brokerOrderId } = await b.broker.placeOrder(limitBuy(79_000));
      await b.settle();
      const before = await orderOf(b, brokerOrderId);
      const seen = updates.length;
      await expect(b.broker.modifyOrder(brokerOrderId, { price: 79_002 })).rejects.toMatchObject({
        kind: 'NON_RETRYABLE',
      });
      await expect(b.broker.modifyOrder(brokerOrderId, { quantity: 0 })).rejects.toMatchObject({
        kind: 'NON_RETRYABLE',
      });
      expect(await orderOf(b, brokerOrderId)).toEqual(before);
      expect(updates.length).toBe(seen);
    });
  });

  describe('order updates', () => {
    it('arrive in order for every change, and the last equals the order book', async () => {
      const b = await make({ unitsPerQuote: 4 });
      await b.quote(eqQuote(80_000, 5, 1_000));
      const { brokerOrderId } = await b.broker.placeOrder(limitBuy(79_900, 10));
      await b.settle();
      await b.quote(eqQuote(79_850, 5, 1_000));
      await b.quote(eqQuote(79_850, 5, 1_000));
      await b.quote(eqQuote(79_850, 5, 1_000));
      const mine = updates.filter((u) => u.brokerOrderId === brokerOrderId);
      expect(stable(brokerOrderId)).toEqual(['OPEN', 'OPEN', 'OPEN', 'COMPLETE']);
      const fills = mine.map((u) => u.filledQuantity);
      expect(fills).toEqual([...fills].sort((x, y) => x - y));
      expect(new Set(fills.filter((f) => f > 0 && f < 10)).size).toBe(2);
      expect(mine.at(-1)).toEqual(await orderOf(b, brokerOrderId));
    });

    it('nothing follows a final status', async () => {
      const b = await make();
      await b.quote(eqQuote(80_000));
      const a = await b.broker.placeOrder(limitBuy(79_000));
      const c = await b.broker.placeOrder(market('BUY', 2));
      await b.settle();
      await b.broker.cancelOrder(a.brokerOrderId);
      await b.settle();
      await b.quote(eqQuote(78_000));
      await b.quote(eqQuote(80_000));
      for (const id of [a.brokerOrderId, c.brokerOrderId]) {
        const statuses = updates.filter((u) => u.brokerOrderId === id).map((u) => u.status);
        const end = statuses.findIndex((s) => FINAL.includes(s));
        expect(end).toBeGreaterThanOrEqual(0);
        expect(end).toBe(statuses.length - 1);
      }
    });

    it('stop after unsubscribing', async () => {
      const b = await make();
      const mine: BrokerOrder[] = [];
      const off = b.broker.onOrderUpdate((o) => mine.push(o));
      await b.broker.placeOrder(limitBuy(79_000));
      await b.settle();
      const count = mine.length;
      expect(count).toBeGreaterThan(0);
      off();
      await b.broker.placeOrder(limitBuy(79_000));
      await b.settle();
      expect(mine.length).toBe(count);
    });
  });

  describe('book consistency', () => {
    it('orders, trades and positions agree after buys, sells and partial fills on two instruments', async () => {
      const b = await make({ unitsPerQuote: 2 * LOT });
      const eq = () => b.quote(eqQuote(80_000, 5, 10_000));
      const opt = () => b.quote({ instrument: OPT, last: 12_000, bid: 11_995, ask: 12_005 });
      await eq();
      await opt();
      await b.broker.placeOrder(market('BUY', 300));
      await b.broker.placeOrder(market('SELL', 120));
      await b.broker.placeOrder(market('BUY', 5 * LOT, OPT));
      await b.broker.placeOrder(market('SELL', 7 * LOT, OPT));
      const resting = await b.broker.placeOrder(limitBuy(79_000, 40));
      await b.settle();
      for (let i = 0; i < 6; i++) {
        await eq();
        await opt();
      }
      await b.broker.cancelOrder(resting.brokerOrderId);
      await b.settle();

      const orders = await b.broker.orders();
      const trades = await b.broker.trades();
      const positions = await b.broker.positions();
      for (const o of orders) {
        const own = trades.filter((t) => t.brokerOrderId === o.brokerOrderId);
        expect(own.reduce((s, t) => s + t.quantity, 0)).toBe(o.filledQuantity);
        expect(o.filledQuantity + o.pendingQuantity + o.cancelledQuantity).toBe(o.quantity);
        for (const t of own) expect([t.instrument, t.side]).toEqual([o.instrument, o.side]);
        if (o.filledQuantity > 0) {
          const value = own.reduce((s, t) => s + t.quantity * t.price, 0);
          expect(Math.abs((o.averagePrice as number) * o.filledQuantity - value)).toBeLessThanOrEqual(
            o.filledQuantity / 2,
          );
        }
      }
      expect(trades.map((t) => t.tradeId)).toEqual([...new Set(trades.map((t) => t.tradeId))]);
      for (const key of [EQ, OPT]) {
        const mine = trades.filter((t) => t.instrument === key);
        const bought = mine.filter((t) => t.side === 'BUY').reduce((s, t) => s + t.quantity, 0);
        const sold = mine.filter((t) => t.side === 'SELL').reduce((s, t) => s + t.quantity, 0);
        expect(positions.find((p) => p.instrument === key)).toMatchObject({
          quantity: bought - sold,
          buyQuantity: bought,
          sellQuantity: sold,
        });
      }
      expect(positions.find((p) => p.instrument === EQ)?.quantity).toBe(180);
      expect(positions.find((p) => p.instrument === OPT)?.quantity).toBe(-2 * LOT);
    });
  });
}
