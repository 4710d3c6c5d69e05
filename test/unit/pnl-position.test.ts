import type { Side } from '../../domain/orders/order-terms';
import { FillError } from '../../domain/pnl/fill';
import {
  applyFill,
  averagePrice,
  markPosition,
  openCost,
  pnlAt,
  positionFromFills,
  unrealisedAt,
} from '../../domain/pnl/position';

let seq = 0;
const fill = (side: Side, qty: number, price: number) => ({ tradeId: `t${++seq}`, side, qty, price });
const buy = (qty: number, price: number) => fill('BUY', qty, price);
const sell = (qty: number, price: number) => fill('SELL', qty, price);

describe('position from fills: long', () => {
  it('given a buy, when part is sold higher and the rest lower, then realised is exact and the position flat', () => {
    const p1 = positionFromFills([buy(100, 10_000), sell(40, 10_500)]);
    expect(p1).toMatchObject({ netQty: 60, realised: 20_000 });
    expect(averagePrice(p1)).toBe(10_000);
    const p2 = applyFill(p1, sell(60, 9_800));
    expect(p2).toMatchObject({ netQty: 0, realised: 8_000, cashFlow: 8_000, openLots: [] });
    expect(averagePrice(p2)).toBeNull();
    expect(unrealisedAt(p2, undefined)).toBe(0);
  });

  it('closes first-in first-out, and averages the open units', () => {
    const p = positionFromFills([buy(10, 10_000), buy(10, 11_000), sell(10, 12_000)]);
    expect(p.realised).toBe(10 * 2_000); // against the Rs 100 lot
    expect(p.openLots).toEqual([{ qty: 10, price: 11_000 }]);
    expect(averagePrice(p)).toBe(11_000);
  });

  it('keeps exact cost and rounds only the displayed average to the paisa', () => {
    const p = positionFromFills([buy(1, 10_005), buy(2, 10_000)]);
    expect(openCost(p)).toBe(30_005);
    expect(averagePrice(p)).toBe(10_002); // 100.0166.. -> 100.02
  });
});

describe('position from fills: short', () => {
  it('a short covered lower realises a profit; unrealised at a mark is (entry - mark) x qty', () => {
    const open = positionFromFills([sell(50, 20_000)]);
    expect(open.netQty).toBe(-50);
    expect(openCost(open)).toBe(-1_000_000);
    expect(unrealisedAt(open, 20_300)).toBe(-15_000);
    const partly = applyFill(open, buy(20, 19_000));
    expect(partly).toMatchObject({ netQty: -30, realised: 20_000 });
    expect(unrealisedAt(partly, 19_000)).toBe(30_000);
  });
});

describe('position from fills: through zero', () => {
  it('a fill larger than the position closes it and opens the other side at the fill price', () => {
    const p = positionFromFills([buy(10, 10_000), sell(25, 11_000)]);
    expect(p).toMatchObject({ netQty: -15, realised: 10_000, openLots: [{ qty: 15, price: 11_000 }] });
    expect(averagePrice(p)).toBe(11_000);
    expect(unrealisedAt(p, 10_500)).toBe(7_500);
  });
});

describe('position: trade IDs and marks', () => {
  it('ignores a fill whose trade ID was already applied', () => {
    const f = buy(10, 10_000);
    const once = positionFromFills([f]);
    expect(applyFill(once, f)).toBe(once);
    expect(applyFill(once, { ...f, qty: 99 })).toBe(once);
  });

  it('an open position without a mark has no P&L rather than a made-up one', () => {
    const p = positionFromFills([buy(10, 10_000)]);
    expect(unrealisedAt(p, undefined)).toBeUndefined();
    expect(pnlAt(p)).toBeUndefined();
    expect(pnlAt(markPosition(p, 10_100))).toEqual({
      realised: 0,
      unrealised: 1_000,
      total: 1_000,
      charges: 0,
      net: 1_000,
    });
  });

  it('tracks MFE and MAE from marks, keeps them after the close, and resets them on the next open', () => {
    let p = positionFromFills([buy(10, 10_000)]);
    for (const m of [10_500, 9_700, 10_300]) p = markPosition(p, m);
    expect(p.excursion).toEqual({ mfe: 5_000, mae: -3_000 });
    p = applyFill(p, sell(10, 10_300));
    expect(p.excursion).toEqual({ mfe: 5_000, mae: -3_000 });
    p = markPosition(applyFill(p, sell(5, 10_000)), 10_100);
    expect(p.excursion).toEqual({ mfe: 0, mae: -500 });
  });

  it('a flip starts a new excursion', () => {
    let p = markPosition(positionFromFills([buy(10, 10_000)]), 9_000);
    p = markPosition(applyFill(p, sell(20, 9_000)), 8_900);
    expect(p.excursion).toEqual({ mfe: 1_000, mae: 0 });
  });

  it.each([
    ['a zero quantity', { tradeId: 'x', side: 'BUY' as const, qty: 0, price: 100 }],
    ['a fractional price', { tradeId: 'x', side: 'BUY' as const, qty: 1, price: 100.5 }],
    ['no trade ID', { tradeId: '', side: 'BUY' as const, qty: 1, price: 100 }],
    ['an unknown side', { tradeId: 'x', side: 'HOLD' as 'BUY', qty: 1, price: 100 }],
  ])('refuses a fill with %s', (_name, bad) => {
    expect(() => positionFromFills([bad])).toThrow(FillError);
  });
});
