import type { FaultDrillReport } from './fault-drill-core';

/** The fault drill's outcome for people: per fault kind, per scenario, then every violation. */
export function faultReportTable(r: FaultDrillReport): string {
  const lines: string[] = [`${'fault'.padEnd(28)} fault points  violations`];
  for (const [k, v] of Object.entries(r.byFault))
    lines.push(`${k.padEnd(28)} ${String(v.faultPoints).padStart(12)} ${String(v.violations).padStart(11)}`);
  lines.push('', `${'scenario'.padEnd(28)} fault points  violations`);
  for (const [k, v] of Object.entries(r.scenarios))
    lines.push(`${k.padEnd(28)} ${String(v.faultPoints).padStart(12)} ${String(v.violations).padStart(11)}`);
  lines.push('', `${r.faultPoints} fault points (${r.notReached} not reached), ${r.violations} violations`);
  for (const f of r.failures) {
    lines.push(`  ${f.scenario}, ${f.fault ? `${f.fault.kind} at ${f.fault.at}` : 'clean run'}:`);
    for (const v of f.violations) lines.push(`    - ${v}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The final JSON line: `{"faultPoints", "violations", "byFault", "scenarios", "notReached", "seconds", "failures"}`. */
export function faultReportJson(r: FaultDrillReport, seconds: number): string {
  return JSON.stringify({
    faultPoints: r.faultPoints,
    violations: r.violations,
    byFault: r.byFault,
    scenarios: r.scenarios,
    notReached: r.notReached,
    seconds: Math.round(seconds * 10) / 10,
    failures: r.failures,
  });
}
