import { abs, exp, PI, SQRT2, sqrt } from '../fast-math';
/**
 * The standard normal distribution, for option pricing.
 * erfc is the Chebyshev fit of Numerical Recipes (`erfcc`): fractional error below 1.2e-7
 * everywhere, including the tails, which far out-of-the-money options need.
 */

export function erfc(x: number): number {
  const z = abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export function erf(x: number): number {
  return 1 - erfc(x);
}

/** P(Z <= x) for a standard normal Z. */
export function normCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT2);
}

const INV_SQRT_2PI = 1 / sqrt(2 * PI);

/** The standard normal density. */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * exp(-0.5 * x * x);
}
