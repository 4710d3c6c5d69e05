import { runDrill } from './drill';
import { runDrillCli } from './drill-cli';
import { drillJson, drillTable } from './drill-report';
import { drillScenarios } from './drill-scenarios';

/**
 * `npm run drill:crash [-- --json] [-- --quick] [-- --double] [-- --scenario <name prefix>] [-- --at <n,...>]`
 *
 * Runs OCO lifecycles on the paper broker over a fresh PostgreSQL database (DATABASE_URL's server
 * when set, else an embedded one) with a crash injected at every step boundary in turn, restarts
 * from the event store and the broker's book, and checks the book. --double also crashes each
 * restarted process at every boundary of its recovery. Progress on stderr; a table for
 * people (on stderr with --json, whose stdout is the final JSON line alone); exit 1 on any violation.
 */
interface Args {
  json: boolean;
  quick: boolean;
  double: boolean;
  scenario: string | null;
  at: number[] | null;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { json: false, quick: false, double: false, scenario: null, at: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') out.json = true;
    else if (a === '--quick') out.quick = true;
    else if (a === '--double') out.double = true;
    else if (a === '--scenario') out.scenario = value();
    else if (a === '--at') out.at = value().split(',').map(Number);
    else throw new Error(`unknown argument '${a}' (use --json, --quick, --double, --scenario <prefix>, --at <n,...>)`);
  }
  return out;
}

runDrillCli('crash drill', async (store) => {
  const args = parseArgs(process.argv.slice(2));
  const scenarios = drillScenarios(args.quick ? 'quick' : 'full').filter(
    (s) => !args.scenario || s.name.startsWith(args.scenario),
  );
  if (scenarios.length === 0) throw new Error(`no scenario starts with '${args.scenario}'`);
  const started = Date.now();
  const report = await runDrill(store, scenarios, {
    runId: `drill${started.toString(36)}`,
    progress: (line) => process.stderr.write(`  … ${line}\n`),
    ...(args.at ? { only: args.at } : {}),
    double: args.double,
    coverage: !args.scenario && !args.at,
  });
  const table = drillTable(report);
  if (args.json) {
    process.stderr.write(table);
    process.stdout.write(`${drillJson(report)}\n`);
  } else {
    process.stdout.write(table);
    process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  return report.violations === 0 ? 0 : 1;
});
