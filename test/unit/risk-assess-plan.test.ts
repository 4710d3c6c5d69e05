import type { Instrument } from '../../domain/instruments/instrument';
import { type AdmissionBook, emptyBook, reserve } from '../../domain/risk/admission-book';
import { assessPlan, type RiskDecision } from '../../domain/risk/assess-plan';
import type { ReasonCode } from '../../domain/risk/reasons';
import { defaultRiskConfig, heatCap, type RiskConfig } from '../../domain/risk/risk-config';
import { controlViewOf, type RiskContext } from '../../domain/risk/risk-context';
import type { TradePlan } from '../../domain/risk/trade-plan';
import { initialState } from '../../domain/session/session-state';

const sbin: Instrument = {
  token: 779521,
  exchange: 'NSE',
  segment: 'NSE',
  symbol: 'SBIN',
  kind: 'EQ',
  lotSize: 1,
  tickSize: 5,
  freezeQty: 100_000,
};
const config: RiskConfig = defaultRiskConfig(100_000_000); // Rs 10 lakh: per trade Rs 2,500; heat and daily loss Rs 10,000
const bookLimits = { heatCap: heatCap(config), maxOpenPositions: 5, maxPositionsPerInstrument: 1 };
const now = Date.UTC(2026, 2, 2, 5, 0, 0);

/** SBIN long at Rs 800.00, stop Rs 796.00: Rs 4 a share, so the per-trade cap allows 625 shares. */
const plan: TradePlan = { planId: 'p-1', instrument: sbin, side: 'BUY', entry: 80_000, stop: 79_600 };

function context(over: Partial<RiskContext> = {}): RiskContext {
  return {
    config,
    control: controlViewOf(initialState()),
    phase: 'OPEN',
    nowMs: now,
    market: { lastTickAtMs: now - 1_000, bid: 79_995, ask: 80_000 },
    dailyPnl: { realised: 0, unrealised: 0 },
    book: emptyBook(bookLimits),
    ...over,
  };
}

function codes(d: RiskDecision): ReasonCode[] {
  return d.approved ? [] : d.reasons.map((r) => r.code);
}

function bookWith(...risks: [string, string, number][]): AdmissionBook {
  let book = emptyBook(bookLimits);
  for (const [planId, instrumentKey, risk] of risks) {
    const r = reserve(book, { planId, instrumentKey, risk });
    if (!r.ok) throw new Error(r.reasons[0]?.message);
    book = r.book;
  }
  return book;
}

describe('assessPlan: a plan that passes every gate', () => {
  it('is approved with the largest quantity within the per-trade cap, and says what bound it', () => {
    const d = assessPlan(plan, context());
    expect(d).toMatchObject({
      approved: true,
      quantity: 625,
      lots: 625,
      slices: [625],
      riskPerUnit: 400,
      risk: 250_000,
      boundBy: 'PER_TRADE_RISK',
      heatBefore: 0,
      heatAfter: 250_000,
      caps: { perTrade: 250_000, heat: 1_000_000, dailyLoss: 1_000_000 },
    });
  });

  it('a short plan is sized the same way from a stop above the entry', () => {
    const d = assessPlan({ ...plan, side: 'SELL', stop: 80_400 }, context());
    expect(d).toMatchObject({ approved: true, quantity: 625, risk: 250_000 });
  });
});

describe('assessPlan: control gates fail closed', () => {
  it('given everything wrong at once, reports every reason, kill switch first, in the documented order', () => {
    const d = assessPlan(
      { ...plan, requestedQty: 0, stop: 80_400, mode: 'LIVE' },
      context({
        control: {
          killSwitchEngaged: true,
          breaker: { tripped: true, reasons: ['STALE_DATA'] },
          paused: { cause: 'OPERATOR', reason: 'news' },
          mode: 'PAPER',
        },
        phase: 'TIGHTEN',
        market: { lastTickAtMs: now - 60_000, bid: 70_000, ask: 80_000 },
        dailyPnl: { realised: -800_000, unrealised: -200_000 },
        book: bookWith(
          ['a', 'NSE:SBIN', 1_000],
          ['b', 'NSE:B', 1_000],
          ['c', 'NSE:C', 1_000],
          ['d', 'NSE:D', 1_000],
          ['e', 'NSE:E', 1_000],
        ),
      }),
    );
    expect(codes(d)).toEqual([
      'KILL_SWITCH_ENGAGED',
      'CIRCUIT_BREAKER_TRIPPED',
      'TRADING_PAUSED',
      'MODE_MISMATCH',
      'EOD_CUTOFF',
      'DATA_STALE',
      'SPREAD_TOO_WIDE',
      'PLAN_INVALID',
      'PLAN_INVALID',
      'DAILY_LOSS_LIMIT',
      'MAX_OPEN_POSITIONS',
      'MAX_POSITIONS_PER_INSTRUMENT',
    ]);
  });

  it('given a well-formed plan failing every sizing check, reports each of them in order', () => {
    const option: Instrument = {
      ...sbin,
      symbol: 'NIFTY26MAR24000CE',
      exchange: 'NFO',
      kind: 'CE',
      lotSize: 65,
      freezeQty: 1_800,
    };
    const d = assessPlan(
      { ...plan, instrument: option, entry: 12_000, stop: 8_000, requestedQty: 10 }, // Rs 40 x 65 = Rs 2,600 a lot
      context({ book: bookWith(['a', 'NSE:A', 990_000]), dailyPnl: { realised: -1_000_000, unrealised: 0 } }),
    );
    expect(codes(d)).toEqual(['PER_TRADE_RISK_CAP', 'HEAT_CAP', 'DAILY_LOSS_LIMIT', 'LOT_SIZE']);
  });

  it('when nothing about the control state can be read, blocks with a reason for each unknown', () => {
    expect(codes(assessPlan(plan, context({ control: undefined, phase: undefined })))).toEqual([
      'KILL_SWITCH_UNKNOWN',
      'CIRCUIT_BREAKER_UNKNOWN',
      'PAUSE_STATE_UNKNOWN',
      'MODE_UNKNOWN',
      'MARKET_PHASE_UNKNOWN',
    ]);
  });

  it('a missing breaker state alone blocks', () => {
    const control = { ...controlViewOf(initialState()), breaker: undefined };
    expect(codes(assessPlan(plan, context({ control })))).toEqual(['CIRCUIT_BREAKER_UNKNOWN']);
  });

  it('names the breaker reasons and the pause cause', () => {
    const d = assessPlan(
      plan,
      context({
        control: {
          killSwitchEngaged: false,
          breaker: { tripped: true, reasons: ['DAILY_LOSS', 'BROKER_ERRORS'] },
          paused: { cause: 'FLATTEN', reason: 'EOD' },
          mode: 'PAPER',
        },
      }),
    );
    expect(d.approved ? [] : d.reasons.map((r) => r.message)).toEqual([
      'the circuit breaker is tripped (DAILY_LOSS, BROKER_ERRORS)',
      'trading is paused (FLATTEN: EOD)',
    ]);
  });

  it('a LIVE session needs LIVE enabled in configuration', () => {
    const live = { ...controlViewOf(initialState()), mode: 'LIVE' as const };
    expect(codes(assessPlan(plan, context({ control: live })))).toEqual(['LIVE_NOT_ENABLED']);
    expect(assessPlan(plan, context({ control: live, config: { ...config, liveEnabled: true } })).approved).toBe(true);
  });

  it.each([
    ['CLOSED', 'MARKET_CLOSED'],
    ['PRE_OPEN', 'MARKET_CLOSED'],
    ['TIGHTEN', 'EOD_CUTOFF'],
    ['FLATTEN', 'EOD_CUTOFF'],
  ] as const)('in phase %s entries are blocked with %s', (phase, code) => {
    expect(codes(assessPlan(plan, context({ phase })))).toEqual([code]);
  });
});

describe('assessPlan: market data', () => {
  it.each([
    ['never ticked', { bid: 79_995, ask: 80_000 }],
    ['ticked 5.001 s ago', { lastTickAtMs: now - 5_001, bid: 79_995, ask: 80_000 }],
    ['ticked 6 s in the future', { lastTickAtMs: now + 6_000, bid: 79_995, ask: 80_000 }],
  ])('the instrument %s is stale', (_name, market) => {
    expect(codes(assessPlan(plan, context({ market })))).toEqual(['DATA_STALE']);
  });

  it('a tick exactly at the age limit is fresh', () => {
    expect(
      assessPlan(plan, context({ market: { lastTickAtMs: now - 5_000, bid: 79_995, ask: 80_000 } })).approved,
    ).toBe(true);
  });

  it('spread: at the limit passes, a paisa over blocks; missing or crossed quotes block', () => {
    // mid 800: 50 bp = Rs 4.00 wide
    expect(assessPlan(plan, context({ market: { lastTickAtMs: now, bid: 79_800, ask: 80_200 } })).approved).toBe(true);
    expect(codes(assessPlan(plan, context({ market: { lastTickAtMs: now, bid: 79_795, ask: 80_200 } })))).toEqual([
      'SPREAD_TOO_WIDE',
    ]);
    expect(codes(assessPlan(plan, context({ market: { lastTickAtMs: now } })))).toEqual(['QUOTE_MISSING']);
    expect(codes(assessPlan(plan, context({ market: { lastTickAtMs: now, bid: 80_100, ask: 80_000 } })))).toEqual([
      'QUOTE_INVALID',
    ]);
    expect(codes(assessPlan(plan, context({ market: undefined })))).toEqual(['DATA_STALE', 'QUOTE_MISSING']);
  });
});

describe('assessPlan: caps', () => {
  it('blocks when one unit risks more than the per-trade cap', () => {
    const d = assessPlan({ ...plan, stop: 50_000 }, context()); // Rs 300 a share, cap Rs 2,500: 8 shares fit
    expect(d).toMatchObject({ approved: true, quantity: 8 });
    const wide = assessPlan({ ...plan, entry: 400_000, stop: 100_000 }, context()); // Rs 3,000 a share
    expect(codes(wide)).toEqual(['PER_TRADE_RISK_CAP']);
    expect(wide.approved ? '' : wide.reasons[0]?.message).toBe(
      'one lot of SBIN risks Rs 3000.00 (Rs 3000.00 x 1), above the per-trade cap Rs 2500.00',
    );
  });

  it('sizes down to the heat left and says HEAT bound it', () => {
    const book = bookWith(['a', 'NSE:A', 900_000]); // Rs 1,000 of heat left: 250 shares at Rs 4
    expect(assessPlan(plan, context({ book }))).toMatchObject({
      approved: true,
      quantity: 250,
      boundBy: 'HEAT',
      heatAfter: 1_000_000,
    });
  });

  it('blocks when not even one lot fits the heat left', () => {
    const book = bookWith(['a', 'NSE:A', 999_800]);
    expect(codes(assessPlan(plan, context({ book })))).toEqual(['HEAT_CAP']);
  });

  it('daily loss: a paisa short of the stop passes; at the stop, or unknown, blocks', () => {
    expect(assessPlan(plan, context({ dailyPnl: { realised: -600_000, unrealised: -399_999 } })).approved).toBe(true);
    expect(codes(assessPlan(plan, context({ dailyPnl: { realised: -600_000, unrealised: -400_000 } })))).toEqual([
      'DAILY_LOSS_LIMIT',
    ]);
    expect(codes(assessPlan(plan, context({ dailyPnl: { realised: 1_000_000, unrealised: -2_000_000 } })))).toEqual([
      'DAILY_LOSS_LIMIT',
    ]);
    expect(codes(assessPlan(plan, context({ dailyPnl: undefined })))).toEqual(['DAILY_PNL_UNKNOWN']);
  });

  it('position limits count open positions and working entries, overall and per instrument', () => {
    expect(codes(assessPlan(plan, context({ book: bookWith(['a', 'NSE:SBIN', 100]) })))).toEqual([
      'MAX_POSITIONS_PER_INSTRUMENT',
    ]);
    const five = bookWith(
      ['a', 'NSE:A', 1],
      ['b', 'NSE:B', 1],
      ['c', 'NSE:C', 1],
      ['d', 'NSE:D', 1],
      ['e', 'NSE:E', 1],
    );
    expect(codes(assessPlan(plan, context({ book: five })))).toEqual(['MAX_OPEN_POSITIONS']);
  });

  it('an invalid configuration blocks (fails closed)', () => {
    expect(codes(assessPlan(plan, context({ config: { ...config, heatCapBps: 0 } })))).toEqual(['RISK_CONFIG_INVALID']);
  });
});

describe('assessPlan: bad plans', () => {
  it.each<[string, Partial<TradePlan>, RegExp]>([
    ['an entry off the tick', { entry: 80_003 }, /entry 80003 is not on the tick of 5 paise/],
    ['a stop on the wrong side', { stop: 80_500 }, /BUY plan needs its stop below the entry/],
    ['a stop equal to the entry', { stop: 80_000 }, /stop below the entry/],
    ['a fractional requested quantity', { requestedQty: 2.5 }, /requested quantity/],
    ['a negative requested quantity', { requestedQty: -10 }, /requested quantity/],
    ['a zero price', { entry: 0 }, /entry must be a positive/],
    ['no plan ID', { planId: '' }, /no ID/],
    [
      'an index',
      { instrument: { ...sbin, symbol: 'NIFTY 50', kind: 'INDEX' } },
      /NSE:NIFTY 50 is an index and cannot be traded/,
    ],
    ['a freeze quantity below one lot', { instrument: { ...sbin, lotSize: 50, freezeQty: 10 } }, /freeze quantity/],
  ])('refuses %s with a clear reason', (_name, change, message) => {
    const d = assessPlan({ ...plan, ...change }, context());
    expect(d.approved).toBe(false);
    expect(d.approved ? [] : d.reasons.filter((r) => r.code === 'PLAN_INVALID').map((r) => r.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(message)]),
    );
  });
});
