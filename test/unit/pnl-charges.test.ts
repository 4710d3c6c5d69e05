import { zeroCharges } from '../../domain/pnl/charges-model';
import { pnlAt, positionFromFills } from '../../domain/pnl/position';
import { OPTIONS_RATES, zerodhaIntradayCharges } from '../../domain/pnl/zerodha-charges';

const zerodha = zerodhaIntradayCharges();

describe('charges models', () => {
  it('the zero model charges nothing', () => {
    expect(zeroCharges.chargesFor({ side: 'SELL', qty: 100, price: 80_000 }).total).toBe(0);
  });

  it('equity intraday buy of Rs 80,000: brokerage capped at Rs 20, stamp duty, no STT', () => {
    expect(zerodha.chargesFor({ side: 'BUY', qty: 100, price: 80_000 })).toEqual({
      brokerage: 2_000, // 0.03% = Rs 24 > Rs 20
      stt: 0,
      exchangeTxn: 238, // 0.00297% = Rs 2.376
      sebiFees: 8, // Rs 10 a crore
      gst: 404, // 18% of Rs 22.46
      stampDuty: 240, // 0.003%
      total: 2_890,
    });
  });

  it('equity intraday sell: STT on the sell side, no stamp duty; small orders pay 0.03% brokerage', () => {
    expect(zerodha.chargesFor({ side: 'SELL', qty: 100, price: 80_000 })).toMatchObject({
      stt: 2_000,
      stampDuty: 0,
      total: 4_650,
    });
    expect(zerodha.chargesFor({ side: 'BUY', qty: 10, price: 10_000 }).brokerage).toBe(30); // Rs 1,000 x 0.03%
  });

  it('options pay a flat Rs 20 brokerage per order', () => {
    expect(zerodhaIntradayCharges(OPTIONS_RATES).chargesFor({ side: 'BUY', qty: 65, price: 500 }).brokerage).toBe(
      2_000,
    );
  });

  it('a position accumulates the charges of its fills and nets them off its P&L', () => {
    const p = positionFromFills(
      [
        { tradeId: 'a', side: 'BUY', qty: 100, price: 80_000 },
        { tradeId: 'b', side: 'SELL', qty: 100, price: 80_400 },
      ],
      zerodha,
    );
    const snapshot = pnlAt(p, null);
    expect(snapshot?.total).toBe(40_000);
    expect(snapshot?.charges).toBe(p.charges);
    expect(snapshot?.net).toBe(40_000 - p.charges);
    expect(p.charges).toBe(2_890 + 4_661); // the sell of Rs 80,400: STT Rs 20.10, exchange Rs 2.39
  });
});
