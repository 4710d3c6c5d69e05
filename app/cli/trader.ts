import 'reflect-metadata';
import { loadCalendar } from '../calendar';
import { ConfigError } from '../config';
import { runTrader } from '../trader/run-trader';
import { tradingCliSetup } from './cli-setup';

/** `npm start [-- --config <file>]`: the long-running trader (see app/trader/run-trader.ts). */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let configArg: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--config' && argv[i + 1]) configArg = argv[++i]!;
    else throw new ConfigError(`unknown argument '${argv[i]}' (usage: npm start [-- --config <file>])`);
  }
  const { env, log, configFile, config } = tradingCliSetup('trader', configArg);
  const write = (line: string) => process.stderr.write(line);
  const trader = runTrader({ env, kite: env.kite, log, config, configFile, calendar: loadCalendar(), write });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      write(`${signal} again: exiting at once (the event store and the paper account stay consistent)\n`);
      process.exit(130);
    }
    write(`${signal}: stopping: no new work, the order flow settles, the book stays protected\n`);
    trader.stop(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await trader.done;
}

main().catch((err) => {
  process.stderr.write(`\n${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof ConfigError ? 2 : 1;
});
