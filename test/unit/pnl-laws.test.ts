import fc from 'fast-check';
import type { Fill } from '../../domain/pnl/fill';
import { averagePrice, openCost, type Position, positionFromFills, unrealisedAt } from '../../domain/pnl/position';

const fillsArb = (maxLength = 30): fc.Arbitrary<Fill[]> =>
  fc
    .array(
      fc.record({
        side: fc.constantFrom('BUY' as const, 'SELL' as const),
        qty: fc.integer({ min: 1, max: 2_000 }),
        price: fc.integer({ min: 5, max: 5_000_000 }),
      }),
      { maxLength },
    )
    .map((fs) => fs.map((f, i) => ({ ...f, tradeId: `t${i}` })));

const markArb = fc.integer({ min: 5, max: 5_000_000 });

/** A fill that brings the position to flat, at `price`. */
function closing(p: Position, price: number): Fill[] {
  if (p.netQty === 0) return [];
  return [{ tradeId: 'close', side: p.netQty > 0 ? 'SELL' : 'BUY', qty: Math.abs(p.netQty), price }];
}

function summary(p: Position, mark: number) {
  return {
    netQty: p.netQty,
    realised: p.realised,
    cashFlow: p.cashFlow,
    openCost: openCost(p),
    average: averagePrice(p),
    unrealised: unrealisedAt(p, mark),
  };
}

describe('P&L laws', () => {
  it('realised + unrealised equals the cash flow plus the marked value of the open position', () => {
    fc.assert(
      fc.property(fillsArb(), markArb, (fills, mark) => {
        const p = positionFromFills(fills);
        expect(p.realised + unrealisedAt(p, mark)!).toBe(p.cashFlow + p.netQty * mark);
      }),
    );
  });

  it('when flat, unrealised is 0 and realised equals the cash flow', () => {
    fc.assert(
      fc.property(fillsArb(), markArb, markArb, (fills, closePrice, mark) => {
        const open = positionFromFills(fills);
        const flat = positionFromFills([...fills, ...closing(open, closePrice)]);
        expect(flat.netQty).toBe(0);
        expect(flat.openLots).toEqual([]);
        expect(unrealisedAt(flat, mark)).toBe(0);
        expect(flat.realised).toBe(flat.cashFlow);
      }),
    );
  });

  it('does not depend on how a quantity was split into fills at the same price', () => {
    fc.assert(
      fc.property(
        fillsArb(20),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 20, maxLength: 20 }),
        markArb,
        (fills, parts, mark) => {
          const split: Fill[] = [];
          fills.forEach((f, i) => {
            const n = Math.min(parts[i] ?? 1, f.qty);
            let left = f.qty;
            for (let k = 0; k < n; k++) {
              const qty = k === n - 1 ? left : Math.floor(f.qty / n);
              left -= qty;
              split.push({ ...f, tradeId: `${f.tradeId}.${k}`, qty });
            }
          });
          expect(summary(positionFromFills(split), mark)).toEqual(summary(positionFromFills(fills), mark));
        },
      ),
    );
  });

  it('open lots always sum to the net quantity, on one side, and re-sent fills change nothing', () => {
    fc.assert(
      fc.property(fillsArb(), fc.array(fc.nat(29)), (fills, resend) => {
        const again = resend.flatMap((i) => (fills[i] ? [fills[i]] : []));
        const p = positionFromFills([...fills, ...again]);
        expect(p).toEqual(positionFromFills(fills));
        expect(p.openLots.reduce((a, l) => a + l.qty, 0)).toBe(Math.abs(p.netQty));
        expect(p.openLots.every((l) => l.qty > 0)).toBe(true);
        expect(p.boughtQty - p.soldQty).toBe(p.netQty);
        expect(p.soldValue - p.boughtValue).toBe(p.cashFlow);
      }),
    );
  });
});
