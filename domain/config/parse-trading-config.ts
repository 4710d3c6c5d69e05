import { type ConfigProblem, problemMessage } from './config-spec';
import type { TradingConfig } from './trading-config';
import { tradingConfigProblems } from './validate-trading-config';

/** A configuration refused, with every problem found. */
export class TradingConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `${source} is not a valid trading configuration:\n${problems.map((p) => `  - ${problemMessage(p)}`).join('\n')}`,
    );
  }
}

/**
 * A TradingConfig from plain JSON data: every field required, unknown keys refused, every
 * problem listed in one TradingConfigError. The result is a copy, frozen.
 */
export function parseTradingConfig(json: unknown, source = 'configuration'): TradingConfig {
  const problems = tradingConfigProblems(json);
  if (problems.length > 0) throw new TradingConfigError(source, problems);
  return deepFreeze(JSON.parse(JSON.stringify(json)) as TradingConfig);
}

/** parseTradingConfig of JSON text (config/trading.json's contents). */
export function parseTradingConfigText(text: string, source = 'configuration'): TradingConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TradingConfigError(source, [{ path: '(file)', reason: `is not JSON: ${(e as Error).message}` }]);
  }
  return parseTradingConfig(json, source);
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}
