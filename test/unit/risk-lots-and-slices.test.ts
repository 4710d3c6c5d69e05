import fc from 'fast-check';
import type { Instrument } from '../../domain/instruments/instrument';
import { emptyBook } from '../../domain/risk/admission-book';
import { assessPlan } from '../../domain/risk/assess-plan';
import { defaultRiskConfig, heatCap } from '../../domain/risk/risk-config';
import { controlViewOf, type RiskContext } from '../../domain/risk/risk-context';
import { maxSliceQty, sliceQuantity } from '../../domain/risk/slicing';
import type { TradePlan } from '../../domain/risk/trade-plan';
import { initialState } from '../../domain/session/session-state';

/** NIFTY options: lot 65, freeze 1,800 units, so at most 27 lots (1,755 units) per order. */
const niftyCe: Instrument = {
  token: 1,
  exchange: 'NFO',
  segment: 'NFO-OPT',
  symbol: 'NIFTY26MAR24000CE',
  kind: 'CE',
  lotSize: 65,
  tickSize: 5,
  freezeQty: 1_800,
};
const now = Date.UTC(2026, 2, 2, 5, 0, 0);
const config = { ...defaultRiskConfig(100_000_000), maxSpreadBps: 500 };
const ctx: RiskContext = {
  config,
  control: controlViewOf(initialState()),
  phase: 'OPEN',
  nowMs: now,
  market: { lastTickAtMs: now, bid: 11_995, ask: 12_000 },
  dailyPnl: { realised: 0, unrealised: 0 },
  book: emptyBook({ heatCap: heatCap(config), maxOpenPositions: 5, maxPositionsPerInstrument: 1 }),
};
const plan = (entry: number, stop: number, requestedQty?: number): TradePlan => ({
  planId: 'p',
  instrument: niftyCe,
  side: 'BUY',
  entry,
  stop,
  requestedQty,
});

describe('lot size', () => {
  it('rounds the risk-sized quantity down to whole lots', () => {
    // Rs 10 a unit = Rs 650 a lot; cap Rs 2,500 allows 3.8 lots -> 3 lots
    expect(assessPlan(plan(12_000, 11_000), ctx)).toMatchObject({
      approved: true,
      lots: 3,
      quantity: 195,
      risk: 195_000,
    });
  });

  it('rounds a requested quantity that is not a lot multiple down, and REQUESTED_QTY bound it', () => {
    expect(assessPlan(plan(12_000, 11_000, 150), ctx)).toMatchObject({
      approved: true,
      quantity: 130,
      boundBy: 'REQUESTED_QTY',
    });
  });

  it('blocks with LOT_SIZE when the request is below one lot', () => {
    const d = assessPlan(plan(12_000, 11_000, 64), ctx);
    expect(d.approved ? [] : d.reasons.map((r) => r.code)).toEqual(['LOT_SIZE']);
  });
});

describe('exchange freeze quantity', () => {
  it('splits above the freeze quantity into lot-multiple slices, larger slices last', () => {
    // Rs 0.10 a unit: the per-trade cap alone would allow 384 lots; the plan asks for 29 lots
    const d = assessPlan(plan(12_000, 11_990, 29 * 65), ctx);
    expect(d).toMatchObject({ approved: true, quantity: 1_885, slices: [910, 975] });
  });

  it('refuses when it would take more than the configured number of slices', () => {
    const d = assessPlan(plan(12_000, 11_990), ctx); // 384 lots = 15 slices of <= 27 lots
    expect(d.approved ? [] : d.reasons.map((r) => r.message)).toEqual([
      '24960 units of NIFTY26MAR24000CE need 15 orders of at most 1755 (freeze quantity 1800), more than the 10 allowed',
    ]);
    expect(assessPlan(plan(12_000, 11_990), { ...ctx, config: { ...config, maxSlices: 15 } }).approved).toBe(true);
  });

  it('the largest slice is within the freeze quantity and a lot multiple', () => {
    expect(maxSliceQty(65, 1_800)).toBe(1_755);
    expect(maxSliceQty(30, 600)).toBe(600);
    expect(sliceQuantity(7 * 30, 30, 90)).toEqual([60, 60, 90]);
  });

  it('slices of any lot multiple are lot multiples within the freeze, sum to the quantity, differ by at most a lot, ascending', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 1, max: 50 }),
        (lotSize, lots, freezeLots) => {
          const freezeQty = freezeLots * lotSize + (lotSize > 1 ? lotSize - 1 : 0);
          const slices = sliceQuantity(lots * lotSize, lotSize, freezeQty);
          expect(slices.reduce((a, b) => a + b, 0)).toBe(lots * lotSize);
          expect(slices.length).toBe(Math.ceil(lots / freezeLots));
          for (const s of slices) {
            expect(s % lotSize).toBe(0);
            expect(s).toBeGreaterThan(0);
            expect(s).toBeLessThanOrEqual(freezeQty);
          }
          expect(slices[slices.length - 1]! - slices[0]!).toBeLessThanOrEqual(lotSize);
          expect([...slices].sort((a, b) => a - b)).toEqual(slices);
        },
      ),
    );
  });

  it('refuses a quantity that is not a lot multiple', () => {
    expect(() => sliceQuantity(100, 65, 1_800)).toThrow(RangeError);
  });
});
