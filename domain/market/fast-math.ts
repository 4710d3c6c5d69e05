/**
 * Math's functions as module bindings, for the hot loops of the generator, the option model and
 * the bar builder: inside a vm context (jest's test environment) every lookup of the global
 * `Math` costs some 30 times more, which made a synthetic day ten times slower under test.
 */
export const { abs, ceil, exp, floor, log, max, min, round, sign, sqrt, cos, sin, PI, SQRT2, LN2 } = Math;
export const { isFinite: isFiniteNumber, isSafeInteger } = Number;
