import { BUILTIN_INSTRUMENTS } from '../../domain/instruments/builtin-instruments';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import { atrSeries } from '../../domain/strategies/indicators';
import { orbSignals } from '../../domain/strategies/orb';
import { DEFAULT_ORB_PARAMS, type OrbParams } from '../../domain/strategies/orb-params';
import {
  afterBar,
  barsFromCloses,
  CONFIG_HASH,
  marketAt,
  minute,
  scanInputOf,
  seriesOf,
} from '../support/strategies-market';
import { signalProblems } from '../support/strategies-signal-checks';

const SBIN = BUILTIN_INSTRUMENTS.find((i) => i.symbol === 'SBIN')!;
const NIFTY = BUILTIN_INSTRUMENTS.find((i) => i.symbol === 'NIFTY 50')!;
const byKey = new Map([SBIN, NIFTY].map((i) => [instrumentKey(i), i]));

// the first 15 minutes: closes 999.00..1001.00, wicks of 0.50: the range is 998.50..1001.50
const RANGE = [
  100000, 100100, 99900, 100050, 99950, 100100, 100000, 99900, 100050, 100100, 99950, 100000, 100050, 99950, 100000,
];
const INSIDE = [100000, 100050, 99950, 100000, 100050];

/** The opening range, five bars inside it, then `then` (bar 20 on). */
function day(then: number[], volumes: (i: number) => number = () => 1_000) {
  const closes = [...RANGE, ...INSIDE, ...then];
  return barsFromCloses(instrumentKey(SBIN), closes, { wick: 50, volume: closes.map((_, i) => volumes(i)) });
}

function scan(
  bars: ReturnType<typeof day>,
  at: number,
  instrument: Instrument = SBIN,
  params: OrbParams = DEFAULT_ORB_PARAMS,
) {
  const key = instrumentKey(instrument);
  const quote = instrument.kind === 'INDEX' ? undefined : { tick: 5, spreadTicks: 1 };
  const market = marketAt(at, seriesOf([instrument, { bars: bars.map((b) => ({ ...b, key })), quote }]));
  return orbSignals(scanInputOf(market, [instrument]), params);
}

const spike = (i: number) => (i === 20 ? 3_000 : 1_000);

describe('ORB: opening-range breakout', () => {
  it('given a close above the range with volume, it signals a BUY at that close, stop at the range low, targets at 1R and 2R', () => {
    const bars = day([100300, 100350, 100320], spike);
    const [s, ...more] = scan(bars, afterBar(20));
    expect(more).toEqual([]);
    expect(s).toMatchObject({
      strategy: 'ORB',
      instrumentKey: 'NSE:SBIN',
      side: 'BUY',
      entry: 100300,
      stop: 99850,
      targets: [100750, 101200],
      at: minute(21),
      configHash: CONFIG_HASH,
    });
    expect(s!.features).toMatchObject({ rangeHigh: 1001.5, rangeLow: 998.5, volumeRatio: 3 });
    expect(Object.keys(s!.scores)).toEqual(
      expect.arrayContaining(['momentum.clear', 'trend.ema', 'liquidity.volume', 'regime.efficiency', 'rewardRisk.r']),
    );
    expect(signalProblems(s!, byKey)).toEqual([]);
  });

  it('gives nothing for a close inside the range or within the breakout buffer', () => {
    // 1001.80 clears the high (1001.50) by less than the 5 bp buffer (0.50)
    expect(scan(day([100180, 100150], spike), afterBar(20))).toEqual([]);
    expect(scan(day([100100, 100150], spike), afterBar(20))).toEqual([]);
  });

  it('needs the volume to confirm where there is volume, and goes without where there is none (an index)', () => {
    const flat = day([100300, 100350]);
    expect(scan(flat, afterBar(20))).toEqual([]);
    const index = scan(
      flat.map((b) => ({ ...b, volume: 0 })),
      afterBar(20),
      NIFTY,
    );
    expect(index).toHaveLength(1);
    expect(index[0]).toMatchObject({ instrumentKey: 'NSE:NIFTY 50', side: 'BUY', entry: 100300 });
    expect(index[0]!.features.volumeRatio).toBeUndefined();
    expect(signalProblems(index[0]!, byKey)).toEqual([]);
  });

  it('offers one signal per direction per day: the same ID on every scan, none for a second break; a break of the low is a SELL', () => {
    // up through the high at bar 20, back inside, up again at bar 26, then down through the low at bar 30
    const then = [100300, 100350, 100100, 100000, 100050, 100000, 100300, 100100, 100000, 99900, 99700, 99650];
    const bars = day(then, (i) => (i === 20 || i === 26 || i === 30 ? 3_000 : 1_000));
    const ids = new Map<string, string>();
    for (let i = 19; i < bars.length; i++) {
      for (const s of scan(bars, afterBar(i))) ids.set(s.signalId, `${s.side}@${s.at}`);
    }
    expect([...ids.values()].sort()).toEqual([`BUY@${minute(21)}`, `SELL@${minute(31)}`]);
  });

  it('keeps a setup on offer for its life while neither stop nor target has traded, then withdraws it', () => {
    const bars = day([100300, 100350, 100320, 100340, 100330, 100350, 100360, 100340], spike);
    const prices = (ss: ReturnType<typeof scan>) => ss.map((x) => [x.signalId, x.entry, x.stop, x.targets, x.at]);
    const first = scan(bars, afterBar(20));
    expect(first).toHaveLength(1);
    expect(prices(scan(bars, afterBar(24)))).toEqual(prices(first)); // 4 minutes on: the same setup
    expect(scan(bars, afterBar(25))).toEqual([]); // 5 minutes: its life is over
    const stopped = day([100300, 99800, 100300], spike); // the next bar trades through the stop
    expect(scan(stopped, afterBar(21))).toEqual([]);
  });

  it('puts the stop at the ATR multiple when that is nearer than the range, on the tick', () => {
    const bars = day([100300, 100350], spike);
    const params = { ...DEFAULT_ORB_PARAMS, stopAtrMultiple: 1.5 };
    const [s] = scan(bars, afterBar(20), SBIN, params);
    const risk = 1.5 * atrSeries(bars, params.atrPeriod)[20]!;
    expect(risk).toBeLessThan(100300 - 99850);
    expect(risk).toBeGreaterThan((100300 * params.minStopBps) / 10_000);
    expect(s!.stop % 5).toBe(0);
    expect(s!.entry - s!.stop).toBeGreaterThanOrEqual(risk); // rounded away from the entry
    expect(s!.entry - s!.stop).toBeLessThan(risk + 5);
    expect(s!.targets[0] - s!.entry).toBeLessThanOrEqual(s!.entry - s!.stop);
  });

  it('is a pure function: the same input gives the same signals, other params other signals', () => {
    const bars = day([100300, 100350], spike);
    expect(scan(bars, afterBar(21))).toEqual(scan([...bars], afterBar(21)));
    expect(scan(bars, afterBar(21), SBIN, { ...DEFAULT_ORB_PARAMS, breakoutBufferBps: 100 })).toEqual([]);
    expect(
      scan(bars, afterBar(21), SBIN, { ...DEFAULT_ORB_PARAMS, entryWindows: [{ from: '10:00', until: '11:00' }] }),
    ).toEqual([]);
  });

  it('ignores bars of an earlier day and needs most of the opening range', () => {
    const bars = day([100300, 100350], spike);
    expect(scan(bars.slice(10), afterBar(20))).toEqual([]); // the first 10 minutes are missing
    const yesterday = bars.map((b) => ({ ...b, start: new Date(Date.parse(b.start) - 86_400_000).toISOString() }));
    expect(scan([...yesterday, ...bars], afterBar(20))).toHaveLength(1);
  });
});
