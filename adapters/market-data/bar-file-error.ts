/** One reason a market-data file is refused, with the 1-based line it was found on. */
export interface BarFileProblem {
  readonly line: number;
  readonly reason: string;
}

/** A market-data file refused as a whole: nothing from it is used. */
export class BarFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly BarFileProblem[],
  ) {
    const shown = problems.slice(0, 5).map((p) => `${file}:${p.line}: ${p.reason}`);
    const more = problems.length > 5 ? `\n(and ${problems.length - 5} more)` : '';
    super(`refused ${file}:\n${shown.join('\n')}${more}`);
    this.name = 'BarFileError';
  }

  /** The first problem (there is always one). */
  get first(): BarFileProblem {
    return this.problems[0]!;
  }
}
