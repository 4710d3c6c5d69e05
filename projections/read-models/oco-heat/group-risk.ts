import type { Paise } from '../../../domain/money/paise';
import type { OcoPlan } from '../../../domain/oco/oco-plan';
import { unrealisedAt } from '../../../domain/pnl/position';
import { type LegFill, legPositions } from '../../../domain/risk/group-open-risk';

/**
 * The group's unrealised P&L at `marks`; undefined when it holds nothing, or when an open leg has no
 * mark (no made-up prices).
 */
export function groupUnrealised(
  plan: OcoPlan,
  fills: readonly LegFill[],
  marks: Readonly<Record<string, Paise>>,
): Paise | undefined {
  const positions = legPositions(plan, fills);
  if (positions.every((p) => p.netQty === 0)) return undefined;
  let total = 0;
  for (const [i, p] of positions.entries()) {
    const key = plan.legs[i]!.instrumentKey;
    const u = unrealisedAt(p, Object.hasOwn(marks, key) ? marks[key] : undefined);
    if (u === undefined) return undefined;
    total += u;
  }
  return total;
}
