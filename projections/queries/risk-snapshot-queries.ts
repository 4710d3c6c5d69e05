import { type ControlStateView, controlState } from './control-queries';
import { checkDay, type Db } from './db';
import { type HeatView, heatNow } from './heat-queries';
import { type DailyPnlView, dailyPnl } from './pnl-queries';

/** What the `risk` query shows: heat against its cap, the day's P&L, and the control state (breaker, kill switch). */
export interface RiskSnapshot {
  readonly namespace: string;
  readonly tradingDay: string;
  readonly heat: HeatView | null;
  readonly dailyPnl: DailyPnlView | null;
  /** Null when nothing was ever recorded on the control stream. */
  readonly control: ControlStateView | null;
}

export async function riskSnapshot(db: Db, namespace: string, tradingDay: string): Promise<RiskSnapshot> {
  const day = checkDay(tradingDay);
  const [heat, pnl, control] = await Promise.all([
    heatNow(db, namespace),
    dailyPnl(db, namespace, day),
    controlState(db, namespace),
  ]);
  return { namespace, tradingDay: day, heat, dailyPnl: pnl, control };
}
