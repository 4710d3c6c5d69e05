import { DrillLog, type LiveDrillResult } from './drill-log';
import { DrillRig, type LiveDrillRun } from './drill-rig';
import { describe } from './http-read';
import type { LiveDrill } from './live-drill';

/** The first port of the drills' range; drill i uses base + 10 i (its simulator) and the next ports (its traders). */
export const BASE_PORT = 4900;

/**
 * Runs the drills, `concurrency` at a time, each on its own simulator and traders; a drill that
 * throws is a violation of its own (the error in words), never a pass.
 */
export async function runLiveDrills(
  run: LiveDrillRun,
  drills: readonly LiveDrill[],
  concurrency: number,
  basePort = BASE_PORT,
): Promise<Record<string, LiveDrillResult>> {
  const out: Record<string, LiveDrillResult> = {};
  let next = 0;
  const worker = async () => {
    while (next < drills.length) {
      const i = next++;
      const drill = drills[i]!;
      out[drill.name] = await runOne(run, drill, basePort + 10 * i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return Object.fromEntries(drills.map((d) => [d.name, out[d.name]!]));
}

async function runOne(run: LiveDrillRun, drill: LiveDrill, port: number): Promise<LiveDrillResult> {
  const started = Date.now();
  const log = new DrillLog();
  run.progress(`${drill.name}: ${drill.what}, from ${drill.day.from} at ${drill.day.speed}x`);
  let rig: DrillRig | null = null;
  try {
    rig = await DrillRig.open(run, drill.name, port, drill.day, log);
    await drill.run(rig, log);
  } catch (err) {
    log.check('ran', false, `the drill failed: ${describe(err)}`);
    for (const line of rig?.postMortem() ?? []) run.progress(`${drill.name}: ${line}`);
  } finally {
    await rig?.close().catch(() => undefined);
  }
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  run.progress(`${drill.name}: ${log.violations.length} violation(s) in ${seconds} s`);
  return log.result(seconds);
}
