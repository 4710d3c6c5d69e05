import { runDrillCli } from './drill-cli';
import { runFaultDrill } from './fault-drill-core';
import { faultReportJson, faultReportTable } from './fault-report';
import { faultScenarios } from './fault-scenarios';

/**
 * `npm run drill:faults [-- --json] [-- --quick] [-- --scenario <name prefix>] [-- --latency <ms>]`
 *
 * Runs OCO lifecycles on the paper broker over a fresh PostgreSQL database (DATABASE_URL's server
 * when set, else an embedded one) with one fault injected per run at every broker call, update
 * and commit in turn (see fault-kinds.ts), reconciling in-session, and checks the invariants at the
 * broker. Progress on stderr; a table for people (on stderr with --json, whose stdout is the final
 * JSON line alone); exit 1 on any violation. `--latency <ms>`: every order call takes that long to
 * reach the broker, as over a network (concurrent work then interleaves more ways).
 */
function parseArgs(argv: string[]): { json: boolean; quick: boolean; scenario: string | null; latencyMs: number } {
  const out = { json: false, quick: false, scenario: null as string | null, latencyMs: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') out.json = true;
    else if (a === '--quick') out.quick = true;
    else if (a === '--scenario') {
      const v = argv[++i];
      if (!v) throw new Error('--scenario needs a value');
      out.scenario = v;
    } else if (a === '--latency') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0 || v > 1000) throw new Error('--latency needs whole milliseconds, 0 to 1000');
      out.latencyMs = v;
    } else throw new Error(`unknown argument '${a}' (use --json, --quick, --scenario <prefix>, --latency <ms>)`);
  }
  return out;
}

runDrillCli('fault drill', async (store) => {
  const args = parseArgs(process.argv.slice(2));
  const scenarios = faultScenarios().filter((s) => !args.scenario || s.name.startsWith(args.scenario));
  if (scenarios.length === 0) throw new Error(`no scenario starts with '${args.scenario}'`);
  const started = Date.now();
  const report = await runFaultDrill(store, scenarios, {
    runId: `faults${started.toString(36)}`,
    maxPointsPerKind: args.quick ? 2 : 6,
    brokerLatencyMs: args.latencyMs,
    progress: (line) => process.stderr.write(`  … ${line}\n`),
  });
  const seconds = (Date.now() - started) / 1000;
  const table = faultReportTable(report);
  if (args.json) {
    process.stderr.write(table);
    process.stdout.write(`${faultReportJson(report, seconds)}\n`);
  } else {
    process.stdout.write(table);
    process.stdout.write(`(${seconds.toFixed(1)} s)\n`);
  }
  return report.violations === 0 ? 0 : 1;
});
