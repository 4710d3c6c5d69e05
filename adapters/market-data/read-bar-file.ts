import { readFile } from 'node:fs/promises';
import type { Bar } from '../../domain/market/bar';
import { byStartThenKey } from '../../domain/market/bar-builder';
import { barsOfDay, tradingDaysOf } from '../../domain/market/bar-days';
import { BarFileError, type BarFileProblem } from './bar-file-error';
import { type BarFileFormat, detectBarFileFormat, FORMATS, type KeyNaming } from './bar-file-formats';
import { numberedLines } from './csv-text';
import type { RawBarRow } from './raw-bar-row';
import { type BarValidation, validateBarRows } from './validate-bar-rows';

export interface BarFileOptions extends KeyNaming, BarValidation {
  /** Default: detected from the first line. */
  readonly format?: BarFileFormat;
}

/** A bar file read and checked in full. */
export interface BarFile {
  readonly name: string;
  readonly format: BarFileFormat;
  /** Every bar, by start then instrument key. */
  readonly bars: readonly Bar[];
  /** The IST trading days the file covers, ascending. */
  readonly days: readonly string[];
  /** Flat 09:15 opening-print rows dropped (end-labelled NSE files). */
  readonly droppedOpeningPrints: number;
}

/**
 * Parses and checks a whole bar file. Any problem refuses the whole file with a BarFileError
 * listing every problem with its line: no bar of a bad file is ever used.
 */
export function parseBarFile(text: string, name: string, options: BarFileOptions): BarFile {
  const lines = numberedLines(text);
  const fail = (problems: BarFileProblem[]): never => {
    throw new BarFileError(name, problems);
  };
  if (lines.every((l) => l.text.trim() === '')) fail([{ line: 1, reason: 'the file is empty' }]);
  const format = options.format ?? detectBarFileFormat(lines[0]!.text);
  if (format === undefined) {
    fail([{ line: 1, reason: `not a bar file we read: first line '${lines[0]!.text.slice(0, 80)}'` }]);
  }
  const spec = FORMATS[format!];
  const headerProblem = spec.checkHeader(lines.slice(0, spec.headerLines).map((l) => l.text));
  if (headerProblem) fail([{ line: 1, reason: headerProblem }]);

  const problems: BarFileProblem[] = [];
  const rows: RawBarRow[] = [];
  let droppedOpeningPrints = 0;
  for (const { line, text: t } of lines.slice(spec.headerLines)) {
    if (t.trim() === '') {
      problems.push({ line, reason: 'empty line' });
      continue;
    }
    const r = spec.parseRow(line, t, options);
    switch (r.kind) {
      case 'row':
        rows.push(r.row);
        break;
      case 'problem':
        problems.push({ line, reason: r.reason });
        break;
      case 'dropped':
        droppedOpeningPrints++;
        break;
      default: {
        const never: never = r;
        throw new Error(`unknown row result ${JSON.stringify(never)}`);
      }
    }
  }
  const checked = validateBarRows(rows, spec.prices, options);
  problems.push(...checked.problems);
  if (problems.length > 0) fail(problems.sort((a, b) => a.line - b.line));
  if (checked.bars.length === 0) fail([{ line: lines.length, reason: 'the file holds no bars' }]);
  const bars = checked.bars.sort(byStartThenKey);
  return { name, format: format!, bars, days: tradingDaysOf(bars), droppedOpeningPrints };
}

/** Reads and checks a bar file (see parseBarFile). */
export async function readBarFile(path: string, options: BarFileOptions): Promise<BarFile> {
  return parseBarFile(await readFile(path, 'utf8'), path, options);
}

/** The bars of one trading day of a file; an error naming the days it has when that day is absent. */
export function selectDay(file: BarFile, day: string): Bar[] {
  if (!file.days.includes(day)) {
    throw new RangeError(`${file.name} has no bars on ${day}; its trading days are ${file.days.join(', ')}`);
  }
  return barsOfDay(file.bars, day);
}
