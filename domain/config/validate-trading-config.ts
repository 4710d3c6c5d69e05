import { type ConfigProblem, specProblems } from './config-spec';
import type { TradingConfig } from './trading-config';
import { tradingConfigRuleProblems } from './trading-config-rules';
import { TRADING_CONFIG_SPEC } from './trading-config-spec';

/**
 * Every problem with a configuration given as plain data (parsed JSON or a TradingConfig), each
 * with its path and reason: the shape first (types, ranges, missing and unknown keys), then, when
 * the shape is right, the rules across fields. Empty when the configuration is valid.
 */
export function tradingConfigProblems(value: unknown): ConfigProblem[] {
  const shape = specProblems(TRADING_CONFIG_SPEC, value, '');
  if (shape.length > 0) return shape;
  return tradingConfigRuleProblems(value as TradingConfig);
}
