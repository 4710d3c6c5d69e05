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
import { fileSource, type MarketSource, syntheticSource } from '../paper/market-source';
import { KiteSimArgsError, parseKiteSimArgs } from './kite-sim-args';

/** The last NSE trading day up to today (IST): the synthetic day's default date. */
function defaultDay(isTradingDay: (d: string) => boolean): string {
  let d = DateTime.now().setZone('Asia/Kolkata');
  for (let i = 0; i < 15 && !isTradingDay(d.toISODate() as string); i++) d = d.minus({ days: 1 });
  return d.toISODate() as string;
}

/** Several recorded files as one day: their bars merged in time order. */
async function recordedDay(files: readonly string[], date: string | null): Promise<MarketSource> {
  const calendar = loadCalendar();
  const master = builtinInstrumentMaster();
  const sources = await Promise.all(
    files.map((path) => fileSource({ path, ...(date ? { date } : {}), calendar, master })),
  );
  const days = new Set(sources.map((s) => s.tradingDay));
  if (days.size > 1)
    throw new KiteSimArgsError(`the files hold different days (${[...days].join(', ')}): pick one with --date`);
  const bars = sources.flatMap((s) => (s.replay.kind === 'bars' ? s.replay.bars : []));
  bars.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    label: sources.map((s) => s.label).join('; '),
    tradingDay: sources[0]?.tradingDay as string,
    instruments: sources.flatMap((s) => s.instruments),
    chains: [],
    replay: { kind: 'bars', bars },
  };
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
      ? await recordedDay(args.dayFiles, args.date)
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
    log,
  });
  const where = await sim.listen(args.port, args.host);
  if (args.faultsFile) {
    for (const f of parseFaultSpecs(JSON.parse(readFileSync(args.faultsFile, 'utf8')))) sim.scheduleFault(f);
  }
  const player = new DayPlayer({
    source: source.replay,
    clock,
    play: (ticks) => sim.applyTicks(ticks),
    onEnd: () => log({ event: 'day played to its end', at: clock.nowIso() }),
  });
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
