import { problemMessage } from '../../domain/config/config-spec';
import { DEFAULT_TRADING_CONFIG } from '../../domain/config/default-trading-config';
import {
  parseTradingConfig,
  parseTradingConfigText,
  TradingConfigError,
} from '../../domain/config/parse-trading-config';
import { scanInputOf } from '../../domain/config/scan-input-of';
import { universeInstruments } from '../../domain/config/universe';
import { tradingConfigProblems } from '../../domain/config/validate-trading-config';
import { BUILTIN_INSTRUMENTS } from '../../domain/instruments/builtin-instruments';

/** The defaults as plain JSON, changed by `edit`. */
// biome-ignore lint/suspicious/noExplicitAny: the tests break plain JSON in every way on purpose
function edited(edit: (c: any) => void): unknown {
  const c = JSON.parse(JSON.stringify(DEFAULT_TRADING_CONFIG));
  edit(c);
  return c;
}

const messages = (v: unknown) => tradingConfigProblems(v).map(problemMessage);

describe('trading config validation', () => {
  it('lists every problem of the shape with its path: types, ranges, required and unknown keys', () => {
    const bad = edited((c) => {
      c.extra = true;
      c.risk.capital = -5;
      c.risk.perTradeRiskBps = 2.5;
      delete c.scan.intervalMs;
      c.session.open = '9:15';
      c.strategies.orb.enabled = 'yes';
      c.strategies.orb.params.targetsR = [1, 2, 3];
      c.strategies.trendPullback.params.colour = 'red';
      c.universe.instruments = ['SBIN'];
    });
    expect(messages(bad)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^extra: unknown key/),
        'risk.capital: must be at least 1, got -5',
        'risk.perTradeRiskBps: must be a whole number, got 2.5',
        'scan.intervalMs: is required',
        expect.stringMatching(/^session\.open: must be an HH:mm time/),
        'strategies.orb.enabled: must be true or false, got "yes"',
        'strategies.orb.params.targetsR: must have at most 2 entries',
        expect.stringMatching(/^strategies\.trendPullback\.params\.colour: unknown key/),
        expect.stringMatching(/^universe\.instruments: must be "ALL" or a list of instrument keys/),
      ]),
    );
    expect(tradingConfigProblems(bad)).toHaveLength(9);
  });

  it('checks the rules across fields once the shape is right', () => {
    const bad = edited((c) => {
      c.risk.perTradeRiskBps = 200;
      c.session.tighten = '09:00';
      c.strategies.trendPullback.params.emaFast = 30;
      c.strategies.optionsRanker.params.deltaMin = 0.7;
      c.strategies.orb.params.targetsR = [2, 1];
      c.strategies.ironCondor.params.entryWindows = [{ from: '15:00', until: '14:00' }];
      c.universe.optionUnderlyings = ['NIFTY', 'FINNIFTY', 'NIFTY'];
      c.universe.instruments = ['NSE:SBIN', 'nse:sbin'];
      c.ranker.weights = { momentum: 0, trend: 0, liquidity: 0, regime: 0, rewardRisk: 0 };
    });
    expect(messages(bad)).toEqual(
      expect.arrayContaining([
        'risk.perTradeRiskBps: perTradeRiskBps must not exceed heatCapBps',
        expect.stringMatching(/^session: session times out of order/),
        'strategies.trendPullback.params.emaFast: must be below emaSlow (21), got 30',
        'strategies.optionsRanker.params.deltaMin: must be below deltaMax (0.6), got 0.7',
        expect.stringMatching(/^strategies\.orb\.params\.targetsR: targets must ascend/),
        'universe.optionUnderlyings[1]: unknown underlying FINNIFTY (known: NIFTY, BANKNIFTY)',
        'universe.optionUnderlyings[2]: NIFTY is listed twice',
        'universe.instruments[1]: nse:sbin is listed twice',
        'ranker.weights: at least one weight must be above 0',
      ]),
    );
  });

  it('refuses entry windows outside the session’s open..tighten', () => {
    const bad = edited((c) => {
      c.strategies.orb.params.entryWindows = [{ from: '09:00', until: '10:00' }];
      c.strategies.trendPullback.params.entryWindows = [{ from: '15:00', until: '15:25' }];
    });
    expect(messages(bad)).toEqual([
      'strategies.orb.params.entryWindows[0]: must lie between the open 09:15 and the tighten time 15:20',
      'strategies.trendPullback.params.entryWindows[0]: must lie between the open 09:15 and the tighten time 15:20',
    ]);
  });

  it('parses plain JSON into a frozen copy, and throws one error listing every problem', () => {
    const json = edited(() => {});
    const parsed = parseTradingConfig(json);
    expect(parsed).toEqual(DEFAULT_TRADING_CONFIG);
    expect(Object.isFrozen(parsed.strategies.orb.params)).toBe(true);
    try {
      parseTradingConfig(
        edited((c) => {
          c.scan.intervalMs = 0;
          c.market.riskFreeRate = 'six';
        }),
        'my.json',
      );
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(TradingConfigError);
      expect((e as TradingConfigError).problems).toHaveLength(2);
      expect((e as Error).message).toMatch(/^my\.json is not a valid trading configuration:/);
      expect((e as Error).message).toMatch(/scan\.intervalMs: must be at least 100, got 0/);
      expect((e as Error).message).toMatch(/market\.riskFreeRate: must be a number, got "six"/);
    }
    expect(() => parseTradingConfigText('{ not json', 'x.json')).toThrow(/x\.json .*\(file\): is not JSON/s);
    expect(messages(null)).toEqual(['(the whole configuration): must be an object, got null']);
  });
});

describe('universe', () => {
  it('scans every equity and index with ALL, or the listed ones in their order', () => {
    const all = universeInstruments(DEFAULT_TRADING_CONFIG.universe, BUILTIN_INSTRUMENTS);
    expect(all).toHaveLength(BUILTIN_INSTRUMENTS.length);
    const listed = universeInstruments(
      { instruments: ['NSE:SBIN', 'nse:nifty 50', 'NSE:NOSUCH'], optionUnderlyings: [] },
      BUILTIN_INSTRUMENTS,
    );
    expect(listed.map((i) => i.symbol)).toEqual(['SBIN', 'NIFTY 50']);
  });

  it('builds the strategies’ scan input from the config', () => {
    const input = scanInputOf(DEFAULT_TRADING_CONFIG, 'hash', {
      tradingDay: '2025-09-04',
      market: { asOfMs: 0, instruments: new Map() },
      instruments: BUILTIN_INSTRUMENTS,
      chains: [],
    });
    expect(input).toMatchObject({ configHash: 'hash', riskFreeRate: 0.065, session: { open: '09:15' } });
  });
});
