import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type BarFile, readBarFile } from '../../adapters/market-data/read-bar-file';
import { nextWeeklyExpiry } from '../../domain/calendar/expiry-dates';
import { parseHolidayData } from '../../domain/calendar/holiday-data';
import { TradingCalendar } from '../../domain/calendar/trading-calendar';
import { configHash } from '../../domain/config/config-hash';
import { DEFAULT_TRADING_CONFIG } from '../../domain/config/default-trading-config';
import { scanInputOf } from '../../domain/config/scan-input-of';
import { BUILTIN_INSTRUMENTS } from '../../domain/instruments/builtin-instruments';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import { NIFTY } from '../../domain/instruments/underlyings';
import type { Bar } from '../../domain/market/bar';
import { barToTicks } from '../../domain/market/bar-to-ticks';
import { MarketStateBuilder } from '../../domain/market/market-state-builder';
import { sessionBounds } from '../../domain/market/session-times';
import type { Signal } from '../../domain/signals/signal';
import { scanStrategies } from '../../domain/strategies/scan-strategies';
import { modelChain } from '../support/strategies-model-chain';
import { signalProblems } from '../support/strategies-signal-checks';

/**
 * Real NSE days (shared/fixtures/market: NIFTY 50 in Sep 2025, NIFTY 50 and SBIN in Sep-Oct 2017)
 * replayed bar by bar, each bar expanded into ticks as the replay feed does, through every
 * strategy that applies: ORB and trend pullback on the instrument itself, and for NIFTY the
 * options ranker and iron condor on a model chain priced from the index (no free option data
 * exists: see the fixtures' README). A scan after every bar; every signal must be well-formed.
 */
const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/market');
const present = existsSync(FIXTURES);
if (!present) console.warn(`[strategies] no real market data at ${FIXTURES}: the fixture replay is SKIPPED`);
const describeWithFixtures = present ? describe : describe.skip;

const calendar = new TradingCalendar(
  parseHolidayData(JSON.parse(readFileSync(path.resolve(__dirname, '../../config/nse-holidays.json'), 'utf8'))),
);
const builtin = new Map(BUILTIN_INSTRUMENTS.map((i) => [instrumentKey(i), i]));
const config = DEFAULT_TRADING_CONFIG;
const hash = configHash(config);

async function read(file: string): Promise<BarFile> {
  return readBarFile(path.join(FIXTURES, file), {
    instrumentKey: 'NSE:NIFTY 50',
    keyForSymbol: (s) => (s === 'NIFTY' ? 'NSE:NIFTY 50' : `NSE:${s}`),
    tickSizeOf: (key) => builtin.get(key)?.tickSize,
    isTradingDay: (day) => calendar.isTradingDay(day),
  });
}

/** The day's distinct signals, replayed bar by bar with a scan after each bar. */
function replay(day: string, bars: readonly Bar[]): { signals: Signal[]; instruments: Map<string, Instrument> } {
  const instrument = builtin.get(bars[0]!.key)!;
  const isIndex = instrument.kind === 'INDEX';
  const dayAfter = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const chain = isIndex
    ? modelChain(NIFTY, nextWeeklyExpiry(calendar, dayAfter, NIFTY.expiryWeekday), bars[0]!.open, {
        strikesEachSide: 10,
        atmIv: 0.12,
        rate: config.market.riskFreeRate,
      })
    : undefined;
  const instruments = new Map<string, Instrument>([[instrumentKey(instrument), instrument]]);
  for (const i of chain?.instruments ?? []) instruments.set(instrumentKey(i), i);
  const state = new MarketStateBuilder();
  const cumVolume = new Map<string, number>();
  const found = new Map<string, Signal>();
  for (const bar of bars) {
    // the recorded bar as the replay feed plays it (four ticks), each contract's model bar as one
    // closing tick with its quote and open interest, then the completed bars
    const before = cumVolume.get(bar.key) ?? 0;
    const quote = isIndex ? undefined : { tickSize: instrument.tickSize, spreadTicks: 1 };
    state.applyTicks(barToTicks(bar, before, quote));
    state.applyBar(bar);
    cumVolume.set(bar.key, before + bar.volume);
    for (const { bar: b, oi } of chain?.barsFor(bar) ?? []) {
      const cum = (cumVolume.get(b.key) ?? 0) + b.volume;
      cumVolume.set(b.key, cum);
      const spread = 5 * (1 + Math.floor((0.001 * b.close) / 5));
      const ts = Date.parse(b.start) + 59_000;
      state.applyTick({
        key: b.key,
        ts,
        last: b.close,
        cumVolume: cum,
        bid: b.close - 5,
        ask: b.close - 5 + spread,
        oi,
      });
      state.applyBar(b);
    }
    const asOfMs = Date.parse(bar.start) + 60_000;
    const input = scanInputOf(config, hash, {
      tradingDay: day,
      market: state.snapshot(asOfMs),
      instruments: [instrument],
      chains: chain ? [chain.chain] : [],
    });
    for (const s of scanStrategies(input, config.strategies)) if (!found.has(s.signalId)) found.set(s.signalId, s);
  }
  return { signals: [...found.values()], instruments };
}

/** The bars of one IST day of a file (bars are in time order; one session's bounds per day). */
function barsOn(file: BarFile, day: string): Bar[] {
  const { openMs, closeMs } = sessionBounds(day);
  const from = new Date(openMs).toISOString();
  const until = new Date(closeMs).toISOString();
  return file.bars.filter((b) => b.start >= from && b.start < until);
}

const SOURCES = [
  { name: 'NIFTY 50, Sep 2025 (Yahoo)', file: 'nifty50_yahoo_2025-09/nifty_1min.cleaned.csv' },
  { name: 'NIFTY 50, Sep-Oct 2017 (NSE)', file: 'nse_1min_2017-09/NIFTY_1min.csv' },
  { name: 'SBIN, Sep-Oct 2017 (NSE)', file: 'nse_1min_2017-09/SBIN_1min.csv' },
];

describeWithFixtures('strategies over recorded NSE days', () => {
  for (const source of SOURCES) {
    it(`${source.name}: every day replays through all applicable strategies into well-formed signals`, async () => {
      const file = await read(source.file);
      const counts: Record<string, Record<string, number>> = {};
      const problems: string[] = [];
      let total = 0;
      for (const day of file.days) {
        const { signals, instruments } = replay(day, barsOn(file, day));
        counts[day] = {};
        for (const s of signals) {
          counts[day][s.strategy] = (counts[day][s.strategy] ?? 0) + 1;
          for (const p of signalProblems(s, instruments))
            problems.push(`${day} ${s.strategy} ${s.instrumentKey}: ${p}`);
          if (s.configHash !== hash) problems.push(`${day} ${s.signalId}: config hash ${s.configHash}`);
          if (s.at.slice(0, 10) > day || Date.parse(s.at) > Date.parse(`${day}T10:00:00Z`))
            problems.push(`${s.at} is not of ${day}`);
        }
        total += signals.length;
      }
      console.log(`[strategies] ${source.name}: ${total} signals ${JSON.stringify(counts)}`);
      expect(problems).toEqual([]);
      expect(file.days.length).toBeGreaterThanOrEqual(5);
      // honest strategies, not noise: some signals on these days, not hundreds a day
      expect(total).toBeGreaterThan(0);
      expect(total / file.days.length).toBeLessThan(40);
      const isNifty = file.bars[0]!.key === 'NSE:NIFTY 50';
      const strategies = new Set(Object.values(counts).flatMap((c) => Object.keys(c)));
      if (isNifty) expect(strategies).toEqual(new Set(['ORB', 'TREND_PULLBACK', 'OPTIONS_RANKER', 'IRON_CONDOR']));
      else expect([...strategies].sort()).toEqual(['ORB', 'TREND_PULLBACK']);
    });
  }
});
