import { minutesOfDay, resolveSessionTimes } from '../calendar/session-times';
import { parseInstrumentKey } from '../instruments/instrument-master';
import { BUILTIN_UNDERLYINGS } from '../instruments/underlyings';
import { SCORE_FACTORS } from '../ranking/score-factors';
import { type RiskConfig, riskConfigProblems } from '../risk/risk-config';
import type { StrategiesConfig } from '../strategies/strategies-config';
import type { TimeWindow } from '../strategies/time-window';
import type { ConfigProblem } from './config-spec';
import type { TradingConfig } from './trading-config';

/**
 * The rules across fields of a configuration whose shape is already right (see
 * TRADING_CONFIG_SPEC): session order, risk caps, EMA and delta bands, windows inside the session,
 * targets ascending, known underlyings, weights that can score.
 */
export function tradingConfigRuleProblems(c: TradingConfig): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const add = (path: string, reason: string) => out.push({ path, reason });

  let sessionOk = true;
  try {
    resolveSessionTimes(c.session);
  } catch (e) {
    sessionOk = false;
    add('session', (e as Error).message);
  }
  riskRules(c.risk, add);
  universeRules(c, add);
  strategyRules(c.strategies, add);
  if (sessionOk) windowRules(c, add);
  if (!SCORE_FACTORS.some((f) => c.ranker.weights[f] > 0)) add('ranker.weights', 'at least one weight must be above 0');
  return out;
}

type Add = (path: string, reason: string) => void;

function riskRules(r: RiskConfig, add: Add): void {
  for (const message of riskConfigProblems(r)) {
    const field = message.split(' ')[0] ?? '';
    add(Object.hasOwn(r, field) ? `risk.${field}` : 'risk', message);
  }
}

function universeRules(c: TradingConfig, add: Add): void {
  const keys = c.universe.instruments;
  if (keys !== 'ALL') {
    const seen = new Set<string>();
    keys.forEach((key, i) => {
      try {
        const k = parseInstrumentKey(key);
        const norm = `${k.exchange}:${k.symbol}`;
        if (seen.has(norm)) add(`universe.instruments[${i}]`, `${key} is listed twice`);
        seen.add(norm);
      } catch (e) {
        add(`universe.instruments[${i}]`, (e as Error).message);
      }
    });
  }
  const known = BUILTIN_UNDERLYINGS.map((u) => u.name);
  const seen = new Set<string>();
  c.universe.optionUnderlyings.forEach((u, i) => {
    if (!known.includes(u))
      add(`universe.optionUnderlyings[${i}]`, `unknown underlying ${u} (known: ${known.join(', ')})`);
    if (seen.has(u)) add(`universe.optionUnderlyings[${i}]`, `${u} is listed twice`);
    seen.add(u);
  });
}

function strategyRules(s: StrategiesConfig, add: Add): void {
  const emaBand = (path: string, p: { emaFast: number; emaSlow: number }) => {
    if (p.emaFast >= p.emaSlow) add(`${path}.emaFast`, `must be below emaSlow (${p.emaSlow}), got ${p.emaFast}`);
  };
  const ascending = (path: string, targets: readonly number[]) => {
    if (targets.length === 2 && !(targets[1]! > targets[0]!)) {
      add(path, `targets must ascend: the second (${targets[1]}) beyond the first (${targets[0]})`);
    }
  };
  ascending('strategies.orb.params.targetsR', s.orb.params.targetsR);
  emaBand('strategies.trendPullback.params', s.trendPullback.params);
  ascending('strategies.trendPullback.params.targetsR', s.trendPullback.params.targetsR);
  const tp = s.trendPullback.params;
  if (tp.minStopAtr > tp.maxStopAtr) {
    add(
      'strategies.trendPullback.params.minStopAtr',
      `must not exceed maxStopAtr (${tp.maxStopAtr}), got ${tp.minStopAtr}`,
    );
  }
  const or = s.optionsRanker.params;
  emaBand('strategies.optionsRanker.params', or);
  ascending('strategies.optionsRanker.params.targetsR', or.targetsR);
  if (or.deltaMin >= or.deltaMax) {
    add('strategies.optionsRanker.params.deltaMin', `must be below deltaMax (${or.deltaMax}), got ${or.deltaMin}`);
  }
  emaBand('strategies.ironCondor.params', s.ironCondor.params);
}

/** Entry windows must be ordered and lie between the open and the tighten time (no entries after it). */
function windowRules(c: TradingConfig, add: Add): void {
  const open = minutesOfDay(c.session.open);
  const tighten = minutesOfDay(c.session.tighten);
  const check = (path: string, windows: readonly TimeWindow[]) =>
    windows.forEach((w, i) => {
      const at = `${path}[${i}]`;
      const from = minutesOfDay(w.from);
      const until = minutesOfDay(w.until);
      if (from >= until) add(at, `from ${w.from} must be before until ${w.until}`);
      if (from < open || until > tighten) {
        add(at, `must lie between the open ${c.session.open} and the tighten time ${c.session.tighten}`);
      }
    });
  const s = c.strategies;
  check('strategies.orb.params.entryWindows', s.orb.params.entryWindows);
  check('strategies.trendPullback.params.entryWindows', s.trendPullback.params.entryWindows);
  check('strategies.optionsRanker.params.entryWindows', s.optionsRanker.params.entryWindows);
  check('strategies.ironCondor.params.entryWindows', s.ironCondor.params.entryWindows);
}
