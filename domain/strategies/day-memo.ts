import type { Bar } from '../market/bar';

/** Where an evaluation of a day resumes: from bar `from`, with the results of the bars before it. */
export interface Resume<T> {
  readonly from: number;
  readonly prior: readonly T[];
}

/** The results of one day's bars, found bar by bar: those of bars from `resume.from` on. */
export type DayEvaluation<T> = (bars: readonly Bar[], resume: Resume<T>) => T[];

interface Entry<T> {
  readonly params: object;
  readonly day: object;
  readonly subject: unknown;
  readonly first: Bar;
  readonly last: Bar;
  readonly length: number;
  readonly results: readonly T[];
}

/**
 * Remembers, per instrument, the last evaluation of its day, so that a scan every 5 s evaluates
 * only the bars added since (a whole day's bars once, not once per scan). Purely an
 * optimisation, sound because every strategy's result for a bar depends only on the bars up to
 * it (and the results before it): evaluating bars 0..n-1 at once or in steps gives the same. When
 * the bars do not extend the remembered ones (the same first and last bar objects: the market
 * state never changes a bar it handed out), or the params, day or instrument differ, it starts over.
 */
export class DayMemo<T> {
  private readonly entries = new Map<string, Entry<T>>();

  results(
    key: string,
    params: object,
    day: object,
    subject: unknown,
    bars: readonly Bar[],
    evaluate: DayEvaluation<T>,
  ): readonly T[] {
    const first = bars[0];
    const last = bars[bars.length - 1];
    if (first === undefined || last === undefined) return [];
    const e = this.entries.get(key);
    const extends_ =
      e !== undefined &&
      e.params === params &&
      e.day === day &&
      e.subject === subject &&
      bars.length >= e.length &&
      bars[0] === e.first &&
      bars[e.length - 1] === e.last;
    if (extends_ && bars.length === e.length) return e.results;
    const results = extends_
      ? [...e.results, ...evaluate(bars, { from: e.length, prior: e.results })]
      : evaluate(bars, { from: 0, prior: [] });
    this.entries.set(key, { params, day, subject, first, last, length: bars.length, results });
    return results;
  }
}
