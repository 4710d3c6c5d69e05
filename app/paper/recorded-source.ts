import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type BarFile, readBarFile } from '../../adapters/market-data/read-bar-file';
import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import type { TradingConfig } from '../../domain/config/trading-config';
import { modelledQuoteFor } from '../../domain/execution/modelled-quotes';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import type { InstrumentMaster } from '../../domain/instruments/instrument-master';
import { BUILTIN_UNDERLYINGS } from '../../domain/instruments/underlyings';
import type { Bar } from '../../domain/market/bar';
import { byStartThenKey } from '../../domain/market/bar-builder';
import { barsOfDay } from '../../domain/market/bar-days';
import { modelPricedDerivatives } from '../../domain/market/model-derivatives';
import type { OptionChain } from '../../domain/market/options/option-chain';
import type { MarketSource } from './market-source';

/** File symbols to instrument keys: the index files name NIFTY (or nothing, for Yahoo's ^NSEI). */
const INDEX_KEYS: Readonly<Record<string, string>> = { NIFTY: 'NSE:NIFTY 50', BANKNIFTY: 'NSE:NIFTY BANK' };

/** The bar files a path names: the file itself, or a folder's `.csv` files (sorted by name). */
export async function barFilesOf(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const names = (await readdir(path)).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
  if (names.length === 0) throw new Error(`${path} holds no .csv bar files`);
  return names.map((n) => join(path, n));
}

/** Every file of the given paths, read and checked whole (a bad file is refused with every bad line). */
export async function readBarFiles(
  paths: readonly string[],
  calendar: TradingCalendar,
  master: InstrumentMaster,
): Promise<BarFile[]> {
  const files: BarFile[] = [];
  for (const p of paths)
    for (const f of await barFilesOf(p))
      files.push(
        await readBarFile(f, {
          instrumentKey: 'NSE:NIFTY 50',
          keyForSymbol: (s) => INDEX_KEYS[s] ?? `NSE:${s}`,
          tickSizeOf: (key) => master.find(key)?.tickSize,
          isTradingDay: (d) => calendar.isTradingDay(d as never),
        }),
      );
  return files;
}

/** The trading days the files cover together, ascending. */
export function daysOf(files: readonly BarFile[]): string[] {
  return [...new Set(files.flatMap((f) => f.days))].sort();
}

/**
 * The bars of one day from several files, merged: each instrument's bar of a minute once. Two
 * files holding the same bar (a raw and a cleaned export of one feed) are one source: the bar is
 * kept once; two files disagreeing about a bar refuse the day, naming both.
 */
export function mergeDay(files: readonly BarFile[], day: string): { bars: Bar[]; duplicates: number } {
  const byMinute = new Map<string, { bar: Bar; file: string }>();
  let duplicates = 0;
  const problems: string[] = [];
  for (const f of files) {
    if (!f.days.includes(day)) continue;
    for (const b of barsOfDay(f.bars, day)) {
      const id = `${b.key}@${b.start}`;
      const known = byMinute.get(id);
      if (known === undefined) byMinute.set(id, { bar: b, file: f.name });
      else if (sameBar(known.bar, b)) duplicates++;
      else if (problems.length < 20) problems.push(`${id}: ${known.file} and ${f.name} disagree`);
    }
  }
  if (problems.length > 0) throw new Error(`the files of ${day} disagree about bars:\n  ${problems.join('\n  ')}`);
  return { bars: [...byMinute.values()].map((v) => v.bar).sort(byStartThenKey), duplicates };
}

function sameBar(a: Bar, b: Bar): boolean {
  return a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;
}

/**
 * One recorded day from one or more bar files (NIFTY and SBIN of one date together), traded with
 * the execution model for data without quotes: every quote modelled from the last price (bars carry
 * no bid/ask), and for each index with known derivatives terms its near-month future and option
 * chains model-priced from the recorded index (labelled model prices).
 */
export function recordedDay(input: {
  files: readonly BarFile[];
  day: string;
  calendar: TradingCalendar;
  master: InstrumentMaster;
  config: TradingConfig;
}): MarketSource {
  const { files, day, calendar, master, config } = input;
  const { bars: recorded, duplicates } = mergeDay(files, day);
  if (recorded.length === 0)
    throw new Error(`no file holds bars of ${day}; their days are ${daysOf(files).join(', ')}`);
  const keys = [...new Set(recorded.map((b) => b.key))].sort();
  const instruments: Instrument[] = keys.map((k) => master.get(k));
  const chains: OptionChain[] = [];
  const futures = new Map<string, Instrument>();
  const modelPriced: string[] = [];
  let bars: Bar[] = recorded;
  for (const u of BUILTIN_UNDERLYINGS) {
    if (!keys.includes(u.indexKey)) continue;
    const d = modelPricedDerivatives({
      underlying: u,
      indexBars: recorded.filter((b) => b.key === u.indexKey),
      tradingDay: day as never,
      calendar,
      model: config.execution.derivativesModel,
      rate: config.market.riskFreeRate,
    });
    instruments.push(...d.instruments);
    chains.push(...d.chains);
    futures.set(u.indexKey, d.future);
    modelPriced.push(...d.instruments.map(instrumentKey));
    bars = [...bars, ...d.bars];
  }
  bars.sort(byStartThenKey);
  const byKey = new Map(instruments.map((i) => [instrumentKey(i), i]));
  const names = files.filter((f) => f.days.includes(day)).map((f) => f.name);
  return {
    label:
      `recorded day ${day} from ${names.join(' + ')}: ${keys.join(', ')}; quotes modelled from the last price` +
      (modelPriced.length > 0
        ? `; ${chains.length} option chain(s) and ${futures.size} future(s) model-priced from the index (Black-Scholes, carry basis)`
        : '') +
      (duplicates > 0 ? `; ${duplicates} identical bars found in two files kept once` : ''),
    tradingDay: day,
    instruments,
    chains,
    replay: {
      kind: 'bars',
      bars,
      quoteFor: (key) => {
        const i = byKey.get(key);
        return i === undefined ? undefined : modelledQuoteFor(i, config.execution);
      },
    },
    quotesModelled: true,
    modelPriced,
    futures,
  };
}
