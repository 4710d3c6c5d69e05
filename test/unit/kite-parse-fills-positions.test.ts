import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEach } from '../../adapters/kite/parse-list';
import { netPositionItems, parseKitePosition } from '../../adapters/kite/parse-position';
import { parseKiteTrade } from '../../adapters/kite/parse-trade';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/kite');
const data = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')).data;

describe('Kite trades -> BrokerTrade', () => {
  it('parses trades.json, refusing the currency future whose price (72.755) is not whole paise', () => {
    const { items, issues } = parseEach('trades', data('trades.json'), parseKiteTrade);
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      tradeId: '10000000',
      brokerOrderId: '200000000000000',
      instrument: 'NSE:SBIN',
      side: 'BUY',
      quantity: 1,
      price: 42065,
      filledAt: '2021-05-31T03:46:39.000Z',
    });
    expect(issues).toEqual([{ source: 'trades', id: '40000000', reason: expect.stringMatching(/72.755/) }]);
  });

  it('parses order_trades.json, the fills of one order', () => {
    const { items, issues } = parseEach('trades', data('order_trades.json'), parseKiteTrade);
    expect(issues).toEqual([]);
    expect(items).toEqual([
      {
        tradeId: '10000000',
        brokerOrderId: '200000000000000',
        instrument: 'MCX:GOLDPETAL21JUNFUT',
        side: 'BUY',
        quantity: 1,
        price: 485200,
        filledAt: '2021-05-31T10:30:36.000Z',
      },
    ]);
  });

  it('falls back to the exchange time when there is no fill time', () => {
    const trade = { ...(data('order_trades.json') as Record<string, unknown>[])[0], fill_timestamp: null };
    expect(parseKiteTrade(trade).filledAt).toBe('2021-05-31T10:30:36.000Z');
  });
});

describe('Kite positions -> BrokerPosition (net)', () => {
  const { items, issues } = parseEach('positions', netPositionItems(data('positions.json')), parseKitePosition);

  it('maps net positions: signed quantity, average price in paise, null when flat', () => {
    expect(items).toEqual([
      {
        instrument: 'MCX:LEADMINI17DECFUT',
        product: 'NRML',
        quantity: 1,
        averagePrice: 16105,
        averagePriceExact: '161.05',
        buyQuantity: 1,
        sellQuantity: 0,
      },
      {
        instrument: 'MCX:GOLDGUINEA17DECFUT',
        product: 'NRML',
        quantity: 0,
        averagePrice: null,
        averagePriceExact: null,
        buyQuantity: 4,
        sellQuantity: 4,
      },
    ]);
  });

  it('reports the cover-order (CO) position it cannot represent', () => {
    expect(issues).toEqual([{ source: 'positions', id: 'NSE:SBIN', reason: expect.stringContaining('product') }]);
  });

  it('keeps a short position negative', () => {
    const day = (data('positions.json') as { day: unknown[] }).day;
    expect(parseKitePosition(day[0])).toMatchObject({ quantity: -3, averagePrice: 2334000, sellQuantity: 4 });
  });

  it('refuses a payload without a net list', () => {
    expect(() => netPositionItems({ day: [] })).toThrow(/positions.net/);
  });
});
