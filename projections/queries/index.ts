/** Queries over the read models, for the GraphQL layer: plain SQL, typed results, keyset pages. */

export { type AuditCheck, type AuditProblem, type AuditProblemKind, checkAuditChain } from './audit-chain-check';
export {
  type AuditChain,
  type AuditOrderLink,
  auditChainByOrder,
  auditChainByPlan,
  auditChainByTrade,
} from './audit-chain-queries';
export { bookEventOf, type ReplayReader, replayBookAt } from './book-replay-queries';
export {
  type ControlStateView,
  controlState,
  type KillSwitchView,
  killSwitchCounts,
  killSwitchHistory,
} from './control-queries';
export { type DailySummary, dailySummary, type ReasonCount } from './daily-summary-queries';
export { type Db, QueryInputError } from './db';
export {
  type DecisionFilter,
  type DecisionView,
  decisionsOfPlans,
  listDecisions,
} from './decisions-queries';
export {
  type HeatExtremes,
  type HeatPointView,
  type HeatView,
  heatExtremes,
  heatNow,
  heatTimeline,
} from './heat-queries';
export {
  listOcoGroups,
  listTrades,
  type OcoGroupFilter,
  type OcoGroupView,
  type OcoLegView,
  type OcoProtectionView,
  ocoGroupById,
  ocoLegView,
  type TradeFilter,
  type TradeView,
} from './oco-groups-queries';
export {
  type FillView,
  fillsOfOrders,
  listFills,
  listOrders,
  type OrderFilter,
  type OrderView,
  orderById,
  ordersOfGroups,
} from './orders-queries';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page, type PageRequest } from './page';
export { type DailyPnlView, dailyPnl, type PnlPointView, pnlCurve } from './pnl-queries';
export { listPositions, type PositionFilter, type PositionView } from './positions-queries';
export { listRiskEvents, type RiskEventFilter, type RiskEventView } from './risk-events-queries';
export { type RiskSnapshot, riskSnapshot } from './risk-snapshot-queries';
export { listSignals, type SignalFilter, type SignalView, signalsByIds, topRanked } from './signals-queries';
