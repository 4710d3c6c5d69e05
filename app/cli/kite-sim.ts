import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { DayPlayer } from '../../adapters/kite-sim/day-player';
import { parseFaultSpecs } from '../../adapters/kite-sim/fault-spec';
import { KiteSim } from '../../adapters/kite-sim/kite-sim';
import { SessionClock } from '../../adapters/kite-sim/session-clock';
import { DEFAULT_SIM_API_KEY, DEFAULT_SIM_API_SECRET } from '../../adapters/kite-sim/sim-session';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import type { Instrument } from '../../domain/instruments/instrument';
import { istWallClockMs, sessionBounds } from '../../domain/market/session-times';
import { loadCalendar } from '../calendar';
import { type MarketSource, syntheticSource } from '../paper/market-source';
import { daysOf, readBarFiles, recordedDay } from '../paper/recorded-source';
import { tradingCliSetup } from './cli-setup';
import { KiteSimArgsError, parseKiteSimArgs } from './kite-sim-args';

/** The last NSE trading day up to today (IST): the synthetic day's default date. */
function defaultDay(isTradingDay: (d: string) => boolean): string {
  let d = DateTime.now().setZone('Asia/Kolkata');
  for (let i = 0; i < 15 && !isTradingDay(d.toISODate() as string); i++) d = d.minus({ days: 1 });
  return d.toISODate() as string;
}

/**
 * A recorded day from one or more bar files, read and merged as `npm run paper` reads them: the
 * index's near-month future and option chains come along, model-priced from the recorded index.
 */
async function recordedMarket(files: readonly string[], date: string | null): Promise<MarketSource> {
  const { config } = tradingCliSetup('kite-sim', null);
  const calendar = loadCalendar();
  const master = builtinInstrumentMaster();
  const read = await readBarFiles(files, calendar, master);
  const days = daysOf(read);
  if (!date && days.length > 1)
    throw new KiteSimArgsError(`the files hold ${days.length} days (${days.join(', ')}): pick one with --date`);
  return recordedDay({ files: read, day: date ?? (days[0] as string), calendar, master, config });
}

/**
 * `npm run kite:sim`: a local Kite Connect (REST, ticker, postbacks) playing a recorded or the
 * synthetic day on its session clock from the open at --speed. Prints one line with its roots,
 * then serves until SIGINT/SIGTERM. Faults and postback failures are logged on stderr as JSON lines.
 */
async function main(): Promise<void> {
  const args = parseKiteSimArgs(process.argv.slice(2));
  const calendar = loadCalendar();
  const source =
    args.dayFiles.length > 0
      ? await recordedMarket(args.dayFiles, args.date)
      : syntheticSource({
          seed: args.seed,
          instruments: args.instruments,
          tradingDay: args.date ?? defaultDay((d) => calendar.isTradingDay(d as never)),
          calendar,
        });
  const day = source.tradingDay;
  const session = sessionBounds(day);
  const startMs = args.from ? istWallClockMs(day, args.from) : session.openMs;
  const clock = new SessionClock(startMs, args.speed);
  const instruments: Instrument[] = [...builtinInstrumentMaster().all(), ...source.instruments];
  const log = (line: Record<string, unknown>): void => {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...line })}\n`);
  };
  const postbackUrl = args.postbackUrl ?? process.env.KITE_SIM_POSTBACK_URL;
  const sim = new KiteSim({
    instruments,
    clock,
    tradingDay: day,
    session,
    speed: args.speed,
    apiKey: process.env.KITE_SIM_API_KEY || DEFAULT_SIM_API_KEY,
    apiSecret: process.env.KITE_SIM_API_SECRET || DEFAULT_SIM_API_SECRET,
    ...(postbackUrl ? { postbackUrl } : {}),
    label: source.label,
    matching: { latencyMs: args.latencyMs },
    loginRequired: args.loginRequired,
    log,
  });
  const player = new DayPlayer({
    source: source.replay,
    clock,
    play: (ticks) => sim.applyTicks(ticks),
    onEnd: () => log({ event: 'day played to its end', at: clock.nowIso() }),
  });
  // A mid-day start: the market's past is played before anything is served, and the session clock
  // starts at --from only then (catching up costs no session time, and nobody waits on a busy process).
  if (startMs > session.openMs) {
    const ticks = player.fastForward(startMs, (batches) => sim.catchUp(batches));
    clock.restart();
    log({ event: `caught up with the day before ${args.from} IST`, ticks });
  }
  const where = await sim.listen(args.port, args.host);
  if (args.faultsFile) {
    for (const f of parseFaultSpecs(JSON.parse(readFileSync(args.faultsFile, 'utf8')))) sim.scheduleFault(f);
  }
  process.stdout.write(
    `kite-sim rest=${where.restRoot} ticker=${where.tickerRoot} clock=${where.restRoot}/sim/clock api_key=${sim.sessions.apiKey} day=${day} speed=${args.speed}\n`,
  );
  const stop = (): void => {
    player.stop();
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await player.run();
}

main().catch((e: unknown) => {
  process.stderr.write(`kite-sim: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(e instanceof KiteSimArgsError ? 2 : 1);
});
