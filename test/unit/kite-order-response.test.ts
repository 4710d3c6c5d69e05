import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseKiteOrderResponse } from '../../adapters/kite/parse-order-response';
import { BrokerError } from '../../commands/ports/broker';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/kite');
const data = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')).data;

describe('Kite order placement responses', () => {
  it('reads the order ID of order_response.json', () => {
    expect(parseKiteOrderResponse(data('order_response.json'))).toEqual({
      brokerOrderId: '151220000000000',
      children: [],
    });
  });

  it('reads the parent and every slice of autoslice_response.json, the refused slice as a classified error', () => {
    const response = parseKiteOrderResponse(data('autoslice_response.json'));
    expect(response.brokerOrderId).toBe('1914227164488687616');
    expect(response.children.map((c) => (c.placed ? c.brokerOrderId : 'error'))).toEqual([
      '1914227164534824960',
      '1914227164580962304',
      'error',
      '1914227164681625600',
    ]);
    const refused = response.children[2];
    if (refused === undefined || refused.placed) throw new Error('slice 3 should be refused');
    expect(refused.error).toBeInstanceOf(BrokerError);
    expect(refused.error).toMatchObject({ kind: 'NON_RETRYABLE', code: 'MarginException' });
    expect(refused.error.message).toMatch(/Insufficient funds/);
  });

  it('refuses a response without an order ID, and a slice with neither ID nor error', () => {
    expect(() => parseKiteOrderResponse({})).toThrow(/order_id/);
    expect(() => parseKiteOrderResponse({ order_id: '1', children: [{}] })).toThrow(/neither order_id nor error/);
  });
});
