import { OrderRateGate } from '../../adapters/kite-sim/order-rate-gate';

/** The simulator's order rate limit and what it counts for /sim/stats (a drill reads them). */
describe("the simulator's order rate gate", () => {
  it('admits 10 calls per calendar second, refuses the rest, and counts the busiest second', () => {
    let wall = 1_000_000_900; // 900 ms into a second
    const gate = new OrderRateGate(10, () => wall);
    const results = Array.from({ length: 12 }, () => gate.admit());
    expect(results.filter(Boolean)).toHaveLength(10);
    expect({ admitted: gate.admitted, refused: gate.refused, peak: gate.peakPerSecond }).toEqual({
      admitted: 10,
      refused: 2,
      peak: 12,
    });
    wall += 100; // the next calendar second: a fresh allowance, the peak stays
    for (let i = 0; i < 3; i++) expect(gate.admit()).toBe(true);
    expect({ admitted: gate.admitted, refused: gate.refused, peak: gate.peakPerSecond }).toEqual({
      admitted: 13,
      refused: 2,
      peak: 12,
    });
  });
});
