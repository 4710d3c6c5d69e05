import type { SessionTimes } from '../calendar/session-times';
import type { ExecutionConfig, QuoteSpread } from '../execution/execution-config';
import type { RankerConfig } from '../ranking/ranker-config';
import type { RiskConfig } from '../risk/risk-config';
import type { IronCondorParams } from '../strategies/iron-condor-params';
import type { OptionsRankerParams } from '../strategies/options-ranker-params';
import type { OrbParams } from '../strategies/orb-params';
import type { StrategySwitch } from '../strategies/strategies-config';
import type { TimeWindow } from '../strategies/time-window';
import type { TrendPullbackParams } from '../strategies/trend-pullback-params';
import type { ArraySpec, IntSpec, NumberSpec, ObjectSpec, SpecFor, StringSpec } from './config-spec';
import type { TradingConfig } from './trading-config';

const int = (min: number, max?: number): IntSpec =>
  max === undefined ? { kind: 'int', min } : { kind: 'int', min, max };
const num = (min: number, max?: number, minExclusive = false): NumberSpec => ({
  kind: 'number',
  min,
  ...(max === undefined ? {} : { max }),
  ...(minExclusive ? { minExclusive } : {}),
});
const bool = { kind: 'boolean' } as const;
const hhmm: StringSpec = {
  kind: 'string',
  pattern: /^([01]\d|2[0-3]):[0-5]\d$/,
  describe: 'an HH:mm time (24-hour, IST)',
};
const bps = int(1, 10_000);
const bars = int(1, 375);
const positive = num(0, undefined, true);
const fraction = num(0, 1, true);

const windows: ArraySpec<TimeWindow> = {
  kind: 'array',
  minLength: 1,
  of: { kind: 'object', fields: { from: hhmm, until: hhmm } },
};
const targetsR: ArraySpec<number> = { kind: 'array', minLength: 1, maxLength: 2, of: positive };
const common = { entryWindows: windows, signalLifeMinutes: int(1, 60) };
const optionsCommon = { ...common, minHoursToExpiry: num(0), maxBarAgeMinutes: int(0, 60) };
const sw = <P>(params: SpecFor<P>): ObjectSpec<StrategySwitch<P>> => ({
  kind: 'object',
  fields: { enabled: bool, params } as ObjectSpec<StrategySwitch<P>>['fields'],
});

const orb: ObjectSpec<OrbParams> = {
  kind: 'object',
  fields: {
    ...common,
    rangeMinutes: int(1, 120),
    breakoutBufferBps: num(0, 1_000),
    volumeMultiple: num(0),
    volumeLookbackBars: bars,
    atrPeriod: bars,
    stopAtrMultiple: positive,
    minStopBps: num(0, 1_000),
    maxRangeBps: positive,
    targetsR,
    trendEmaPeriod: bars,
    regimeBars: bars,
  },
};

const trendPullback: ObjectSpec<TrendPullbackParams> = {
  kind: 'object',
  fields: {
    ...common,
    emaFast: bars,
    emaSlow: bars,
    slopeBars: bars,
    minSlopeAtr: num(0),
    minEmaSpreadAtr: num(0),
    atrPeriod: bars,
    touchAtr: num(0),
    pullbackBars: bars,
    stopBufferAtr: num(0),
    minStopAtr: num(0),
    minStopBps: num(0, 1_000),
    maxStopAtr: positive,
    cooldownBars: int(0, 375),
    targetsR,
    regimeBars: bars,
    minEfficiency: num(0, 1),
  },
};

const optionsRanker: ObjectSpec<OptionsRankerParams> = {
  kind: 'object',
  fields: {
    ...optionsCommon,
    momentumBars: bars,
    momentumAtr: positive,
    minEfficiency: num(0, 1),
    emaFast: bars,
    emaSlow: bars,
    atrPeriod: bars,
    cooldownBars: int(0, 375),
    deltaMin: fraction,
    deltaMax: fraction,
    maxIvDeviation: positive,
    minPremium: int(0),
    stopUnderlyingAtr: positive,
    targetsR,
    minRewardRisk: num(0),
    maxSpreadBps: positive,
    minOpenInterestLots: num(0),
    volumeBars: bars,
    picksPerSetup: int(1, 10),
  },
};

const ironCondor: ObjectSpec<IronCondorParams> = {
  kind: 'object',
  fields: {
    ...optionsCommon,
    regimeBars: bars,
    maxEfficiency: fraction,
    maxMoveAtr: positive,
    maxEmaSpreadAtr: positive,
    emaFast: bars,
    emaSlow: bars,
    atrPeriod: bars,
    cooldownBars: int(0, 375),
    shortDelta: fraction,
    shortDeltaTolerance: positive,
    wingStrikes: int(1, 20),
    minCreditToWidth: num(0, 1),
    stopCreditMultiple: num(1, undefined, true),
    targetCreditFraction: fraction,
    minIvToRealized: num(0),
    maxLegSpreadBps: positive,
  },
};

const session: ObjectSpec<SessionTimes> = {
  kind: 'object',
  fields: { preOpen: hhmm, open: hhmm, tighten: hhmm, flatten: hhmm, close: hhmm },
};

const risk: ObjectSpec<RiskConfig> = {
  kind: 'object',
  fields: {
    capital: int(1),
    perTradeRiskBps: bps,
    heatCapBps: bps,
    dailyLossBps: bps,
    maxOpenPositions: int(1),
    maxPositionsPerInstrument: int(1),
    maxTickAgeMs: int(1),
    maxSpreadBps: bps,
    maxSlices: int(1),
    liveEnabled: bool,
  },
};

const weight = num(0);
const ranker: ObjectSpec<RankerConfig> = {
  kind: 'object',
  fields: {
    weights: {
      kind: 'object',
      fields: { momentum: weight, trend: weight, liquidity: weight, regime: weight, rewardRisk: weight },
    },
    topN: int(1, 1_000),
  },
};

const instrumentKey: StringSpec = {
  kind: 'string',
  pattern: /^(NSE|NFO|BSE|BFO):\S.*$/i,
  describe: 'an instrument key EXCHANGE:SYMBOL (NSE:SBIN)',
};

const underlyingName: StringSpec = { kind: 'string', pattern: /^[A-Z0-9]+$/, describe: "an underlying's name (NIFTY)" };

const quoteSpread: ObjectSpec<QuoteSpread> = {
  kind: 'object',
  fields: { spreadTicks: int(1, 1_000), spreadBps: num(0, 1_000) },
};

const execution: ObjectSpec<ExecutionConfig> = {
  kind: 'object',
  fields: {
    modelledQuotes: {
      kind: 'object',
      fields: { liquidStock: quoteSpread, otherStock: quoteSpread, indexOption: quoteSpread, future: quoteSpread },
    },
    liquidStocks: { kind: 'array', of: instrumentKey },
    slippageTicks: int(0, 100),
    indexSignals: {
      kind: 'either',
      describe: '"FUTURE" or "OPTION"',
      options: [
        { kind: 'literal', value: 'FUTURE' },
        { kind: 'literal', value: 'OPTION' },
      ],
    },
    derivativesModel: {
      kind: 'object',
      fields: {
        atmVol: num(0, 5, true),
        smile: {
          kind: 'object',
          fields: { curvature: num(0, 10), putSkew: num(0, 10), maxMultiplier: num(1, 10) },
        },
        carryRate: num(0, 1),
        strikesEachSide: int(1, 50),
      },
    },
  },
};

const burnin: ObjectSpec<TradingConfig['burnin']> = {
  kind: 'object',
  fields: {
    gates: {
      kind: 'object',
      fields: { minSignals: int(0), minApprovedDecisions: int(0), minCompleteOcoLifecycles: int(0) },
    },
  },
};

/** The shape of a TradingConfig, field by field (ranges here; rules across fields in trading-config-rules). */
export const TRADING_CONFIG_SPEC: ObjectSpec<TradingConfig> = {
  kind: 'object',
  fields: {
    universe: {
      kind: 'object',
      fields: {
        instruments: {
          kind: 'either',
          describe: '"ALL" or a list of instrument keys (NSE:SBIN)',
          options: [
            { kind: 'literal', value: 'ALL' },
            { kind: 'array', minLength: 1, of: instrumentKey },
          ],
        },
        optionUnderlyings: { kind: 'array', of: underlyingName },
      },
    },
    session,
    scan: { kind: 'object', fields: { intervalMs: int(100, 3_600_000) } },
    market: { kind: 'object', fields: { riskFreeRate: num(0, 1) } },
    risk,
    strategies: {
      kind: 'object',
      fields: {
        orb: sw<OrbParams>(orb),
        trendPullback: sw<TrendPullbackParams>(trendPullback),
        optionsRanker: sw<OptionsRankerParams>(optionsRanker),
        ironCondor: sw<IronCondorParams>(ironCondor),
      },
    },
    ranker,
    execution,
    burnin,
  },
};
