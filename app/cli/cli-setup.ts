import { readFileSync } from 'node:fs';
import pino from 'pino';
import { createLogger, type Logger } from '../../adapters/log/logger';
import { parseTradingConfigText } from '../../domain/config/parse-trading-config';
import type { TradingConfig } from '../../domain/config/trading-config';
import { projectPath } from '../calendar';
import { type AppConfig, loadConfig } from '../config';

/** What a trading CLI starts from: the environment, a logger on stderr (warn unless LOG_LEVEL), the trading config. */
export function tradingCliSetup(
  name: string,
  configArg: string | null,
): { env: AppConfig; log: Logger; configFile: string; config: TradingConfig } {
  const env = loadConfig();
  const log = createLogger({
    level: process.env.LOG_LEVEL ? env.logLevel : 'warn',
    name,
    destination: pino.destination(2) as unknown as NodeJS.WritableStream,
  });
  const configFile = configArg ?? projectPath('config', 'trading.json');
  return { env, log, configFile, config: parseTradingConfigText(readFileSync(configFile, 'utf8'), configFile) };
}
