import { loadCalendar } from '../../app/calendar';
import { DEFAULT_EXECUTION_CONFIG } from '../../domain/execution/execution-config';
import { modelledQuoteFor, quoteClassOf } from '../../domain/execution/modelled-quotes';
import { tradableSignals } from '../../domain/execution/tradable-signals';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { instrumentKey } from '../../domain/instruments/instrument';
import { NIFTY } from '../../domain/instruments/underlyings';
import type { Bar } from '../../domain/market/bar';
import { ohlcProblem } from '../../domain/market/bar';
import { MarketStateBuilder } from '../../domain/market/market-state-builder';
import { modelPricedDerivatives } from '../../domain/market/model-derivatives';
import type { Signal } from '../../domain/signals/signal';
import { DEFAULT_OPTIONS_RANKER_PARAMS } from '../../domain/strategies/options-ranker-params';
import type { ScanInput } from '../../domain/strategies/scan-input';

const calendar = loadCalendar();
const master = builtinInstrumentMaster();
const DAY = '2017-09-28';
const bar = (min: number, o: number, h: number, l: number, c: number): Bar => ({
  key: 'NSE:NIFTY 50',
  start: new Date(Date.parse('2017-09-28T03:45:00Z') + min * 60_000).toISOString(),
  open: o,
  high: h,
  low: l,
  close: c,
  volume: 0,
});

describe('modelled quotes per instrument class', () => {
  it('classes stocks by the liquid list, options and futures by kind, and quotes no index', () => {
    const e = DEFAULT_EXECUTION_CONFIG;
    expect(quoteClassOf(master.get('NSE:SBIN'), e.liquidStocks)).toBe('LIQUID_STOCK');
    expect(quoteClassOf(master.get('NSE:NESTLEIND'), e.liquidStocks)).toBe('OTHER_STOCK');
    expect(modelledQuoteFor(master.get('NSE:NIFTY 50'), e)).toBeUndefined();
    expect(modelledQuoteFor(master.get('NSE:NESTLEIND'), e)).toEqual({ tickSize: 5, spreadTicks: 2, spreadBps: 5 });
  });
});

describe('index derivatives model-priced from the recorded index', () => {
  const bars = [bar(0, 984_000, 985_000, 983_000, 984_500), bar(1, 984_500, 986_000, 984_000, 985_900)];
  const d = modelPricedDerivatives({
    underlying: NIFTY,
    indexBars: bars,
    tradingDay: DAY,
    calendar,
    model: DEFAULT_EXECUTION_CONFIG.derivativesModel,
    rate: 0.065,
  });

  it('prices the near-month future at a carry basis above the index, on its tick', () => {
    expect(d.future.kind).toBe('FUT');
    expect(d.future.lotSize).toBe(65);
    expect(d.future.freezeQty).toBe(1_800);
    const fut = d.bars.filter((b) => b.key === instrumentKey(d.future));
    expect(fut).toHaveLength(2);
    for (const [i, b] of fut.entries()) {
      expect(b.close % 5).toBe(0);
      expect(b.close).toBeGreaterThan(bars[i]!.close);
      expect(b.close - bars[i]!.close).toBeLessThan(bars[i]!.close * 0.02);
    }
  });

  it('prices every option bar consistently (low <= open, close <= high) and calls rise with the index, puts fall', () => {
    expect(d.chains.length).toBeGreaterThanOrEqual(1);
    for (const b of d.bars) expect(ohlcProblem(b)).toBeUndefined();
    const c = d.chains[0]!.contracts;
    const ce = c.find((k) => k.right === 'CE' && k.strike === 985_000)!;
    const pe = c.find((k) => k.right === 'PE' && k.strike === 985_000)!;
    const [ce0, ce1] = d.bars.filter((b) => b.key === ce.key);
    const [pe0, pe1] = d.bars.filter((b) => b.key === pe.key);
    expect(ce1!.close).toBeGreaterThan(ce0!.close);
    expect(pe1!.close).toBeLessThan(pe0!.close);
  });
});

describe('index signals trade a real instrument', () => {
  const future = master.get('NSE:NIFTY 50');
  it('moves an index signal onto the near-month future by its basis, the stop rounded away from the entry', () => {
    const d = modelPricedDerivatives({
      underlying: NIFTY,
      indexBars: [bar(0, 984_000, 985_000, 983_000, 984_500)],
      tradingDay: DAY,
      calendar,
      model: DEFAULT_EXECUTION_CONFIG.derivativesModel,
      rate: 0.065,
    });
    const state = new MarketStateBuilder();
    state.applyTick({ key: 'NSE:NIFTY 50', ts: 1, last: 1_000_000, cumVolume: 0 });
    const futKey = instrumentKey(d.future);
    state.applyTick({
      key: futKey,
      ts: 1,
      last: 1_010_000,
      cumVolume: 0,
      bid: 1_009_995,
      ask: 1_010_005,
      quoteModelled: true,
    });
    const signal: Signal = {
      signalId: 's1',
      strategy: 'ORB',
      instrumentKey: 'NSE:NIFTY 50',
      side: 'BUY',
      entry: 1_000_000,
      stop: 990_003,
      targets: [1_010_000, 1_020_000],
      features: { atr: 10 },
      scores: {},
      at: '2017-09-28T04:00:00.000Z',
      configHash: 'h',
    };
    const input = { market: state.snapshot(2), chains: [], instruments: [future] } as unknown as ScanInput;
    const [out] = tradableSignals(input, [signal], {
      vehicle: 'FUTURE',
      futures: new Map([['NSE:NIFTY 50', d.future]]),
      optionsRanker: DEFAULT_OPTIONS_RANKER_PARAMS,
      modelPriced: new Set([futKey]),
      kindOf: (k) => (k === 'NSE:NIFTY 50' ? 'INDEX' : 'FUT'),
    });
    expect(out!.instrumentKey).toBe(futKey);
    expect(out!.strategy).toBe('ORB');
    expect(out!.signalId).not.toBe('s1');
    expect(out!.entry).toBe(1_010_000);
    expect(out!.stop).toBe(999_900); // 990,003 x 1.01 = 999,903.03 -> down to the 5-paise tick
    expect(out!.targets).toEqual([1_020_100, 1_030_200]);
    expect(out!.features).toMatchObject({ quoteModelled: 1, modelPriced: 1, indexEntry: 10_000, basisBps: 100 });
    // no price for the future: the index signal stays as it is (and the risk manager refuses it)
    const bare = { ...input, market: { asOfMs: 2, instruments: new Map() } } as unknown as ScanInput;
    const [kept] = tradableSignals(bare, [signal], {
      vehicle: 'FUTURE',
      futures: new Map([['NSE:NIFTY 50', d.future]]),
      optionsRanker: DEFAULT_OPTIONS_RANKER_PARAMS,
      modelPriced: new Set(),
      kindOf: () => 'INDEX',
    });
    expect(kept).toEqual(signal);
    // a basket names its underlying but trades its legs: it stays as it is (labelled)
    const condor: Signal = {
      ...signal,
      strategy: 'IRON_CONDOR',
      legs: [{ instrumentKey: futKey, side: 'SELL', ratio: 1, entry: 100 }],
    };
    const [basket] = tradableSignals(input, [condor], {
      vehicle: 'FUTURE',
      futures: new Map([['NSE:NIFTY 50', d.future]]),
      optionsRanker: DEFAULT_OPTIONS_RANKER_PARAMS,
      modelPriced: new Set([futKey]),
      kindOf: (k) => (k === 'NSE:NIFTY 50' ? 'INDEX' : 'FUT'),
    });
    expect(basket).toEqual({ ...condor, features: { ...condor.features, quoteModelled: 1, modelPriced: 1 } });
  });
});
