import type { DrillReport } from './drill';

/** The drill's outcome for people: per scenario, per crash point, then every violation. */
export function drillTable(r: DrillReport): string {
  const lines: string[] = [];
  lines.push(`${'scenario'.padEnd(32)} boundaries  crash runs  crashed  violations`);
  for (const [name, s] of Object.entries(r.scenarios)) {
    lines.push(
      `${name.padEnd(32)} ${String(s.boundaries).padStart(10)} ${String(s.crashRuns).padStart(11)} ${String(s.crashed).padStart(8)} ${String(s.violations).padStart(11)}`,
    );
  }
  lines.push('', `${'crash point'.padEnd(32)} crash runs  violations`);
  for (const [point, p] of Object.entries(r.byPoint)) {
    lines.push(`${point.padEnd(32)} ${String(p.crashPoints).padStart(10)} ${String(p.violations).padStart(11)}`);
  }
  lines.push('', `${r.crashPoints} crash points, ${r.violations} violations`);
  for (const f of r.failures) {
    const where = f.crashAt === null ? 'clean run' : `crash at ${f.crashAt}`;
    const what = f.deaths.map((d) => ` (${d.kind} ${d.what} in '${d.step}')`).join(', then');
    lines.push(`  ${f.scenario}, ${where}${what}:`);
    for (const v of f.violations) lines.push(`    - ${v}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The final JSON line: `{"crashPoints", "violations", "scenarios", "byPoint", "failures"}`. */
export function drillJson(r: DrillReport): string {
  return JSON.stringify({
    crashPoints: r.crashPoints,
    violations: r.violations,
    scenarios: r.scenarios,
    byPoint: r.byPoint,
    failures: r.failures.map((f) => ({
      scenario: f.scenario,
      crashAt: f.crashAt,
      deaths: f.deaths.map((d) => ({ point: d.point, at: `${d.kind} ${d.what} in '${d.step}'` })),
      violations: f.violations,
    })),
  });
}
