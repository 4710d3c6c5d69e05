import type { ContractAt } from './option-contracts-at';

/** A fitted volatility smile: IV as a quadratic in log-moneyness. */
export interface SmileFit {
  readonly ivAt: (logMoneyness: number) => number;
  /** How many contracts it was fitted to. */
  readonly points: number;
}

/**
 * Least-squares quadratic smile through the out-of-the-money contracts (calls above the
 * underlying, puts below: the liquid side of each strike); a flat smile at their mean IV when
 * fewer than three strikes are known. Undefined when no contract is out of the money.
 */
export function fitSmile(contracts: readonly ContractAt[]): SmileFit | undefined {
  const otm = contracts.filter((c) => (c.contract.right === 'CE' ? c.logMoneyness >= 0 : c.logMoneyness <= 0));
  if (otm.length === 0) return undefined;
  const xs = otm.map((c) => c.logMoneyness);
  const ys = otm.map((c) => c.analytics.iv);
  const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
  if (new Set(xs).size < 3) return { ivAt: () => mean, points: otm.length };
  const coef = quadraticLeastSquares(xs, ys);
  if (coef === undefined) return { ivAt: () => mean, points: otm.length };
  const [a, b, c] = coef;
  return { ivAt: (x) => a + b * x + c * x * x, points: otm.length };
}

/** [a, b, c] minimising sum (a + b x + c x^2 - y)^2, or undefined when the system is singular. */
function quadraticLeastSquares(xs: readonly number[], ys: readonly number[]): [number, number, number] | undefined {
  // scale x so the normal equations are well conditioned
  const scale = Math.max(...xs.map(Math.abs)) || 1;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]! / scale;
    const y = ys[i]!;
    const x2 = x * x;
    s0 += 1;
    s1 += x;
    s2 += x2;
    s3 += x2 * x;
    s4 += x2 * x2;
    t0 += y;
    t1 += x * y;
    t2 += x2 * y;
  }
  const m = [
    [s0, s1, s2],
    [s1, s2, s3],
    [s2, s3, s4],
  ];
  const det = det3(m);
  if (Math.abs(det) < 1e-12) return undefined;
  const solve = (col: number, rhs: number[]) =>
    det3(m.map((row, r) => row.map((v, c) => (c === col ? rhs[r]! : v)))) / det;
  const rhs = [t0, t1, t2];
  const a = solve(0, rhs);
  const b = solve(1, rhs) / scale;
  const c = solve(2, rhs) / (scale * scale);
  return [a, b, c];
}

function det3(m: number[][]): number {
  const [[a, b, c], [d, e, f], [g, h, i]] = m as [
    [number, number, number],
    [number, number, number],
    [number, number, number],
  ];
  return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
}
