import { type Boundary, targetOf } from '../../app/drill/crash-switch';
import { type RunResult, runScenario } from '../../app/drill/drill-run';
import type { Scenario } from '../../app/drill/drill-scenario';
import type { EventStore } from '../../commands/ports/event-store';

let runs = 0;

/**
 * Runs `scenario` cleanly, finds the first boundary `where` picks (it must exist), and runs it again
 * with the process dying there: what a regression test of one crash point needs.
 */
export async function crashAtFirst(
  store: EventStore,
  scenario: Scenario,
  where: (b: Boundary) => boolean,
): Promise<RunResult & { readonly crash: Boundary }> {
  const ns = `rx${process.pid}-${++runs}`;
  const clean = await runScenario(store, scenario, [], `${ns}-clean`);
  expect(clean.violations).toEqual([]);
  const target = clean.boundaries.find(where);
  if (!target) throw new Error(`${scenario.name}: no boundary matches`);
  const r = await runScenario(store, scenario, [targetOf(target)], `${ns}-${target.n}`);
  if (!r.crash) throw new Error(`${scenario.name}: the run did not reach boundary ${target.n}`);
  return r as RunResult & { readonly crash: Boundary };
}
