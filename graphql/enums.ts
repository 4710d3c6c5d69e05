import 'reflect-metadata';
import { registerEnumType } from 'type-graphql';
import { GROUP_PHASES } from '../domain/oco/group-phase';
import { ORDER_STATUSES } from '../domain/orders/order-status';
import { STRATEGY_NAMES } from '../domain/signals/signal';
import { RISK_EVENT_KINDS } from '../projections/read-models/control/risk-events-projection';

/** GraphQL enums over the domain's string unions: values are the domain's strings themselves. */
function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v.replace(/-/g, '_'), v])) as { [K in T]: K };
}

export const ModeEnum = enumOf(['PAPER', 'LIVE'] as const);
export const RoleEnum = { VIEWER: 'viewer', OPERATOR: 'operator', ADMIN: 'admin' } as const;
export const TradingStateEnum = enumOf(['ACTIVE', 'REDUCING', 'HALTED'] as const);
export const SideEnum = enumOf(['BUY', 'SELL'] as const);
export const DirectionEnum = enumOf(['LONG', 'SHORT', 'FLAT'] as const);
export const StrategyEnum = enumOf(STRATEGY_NAMES);
export const SignalOrderEnum = enumOf(['RECENT', 'RANK'] as const);
export const OrderStatusEnum = enumOf(ORDER_STATUSES);
export const LegRoleEnum = enumOf(['ENTRY', 'STOP', 'TARGET1', 'TARGET2', 'EXIT'] as const);
export const GroupPhaseEnum = enumOf(GROUP_PHASES);
export const RiskEventKindEnum = enumOf(RISK_EVENT_KINDS);

registerEnumType(ModeEnum, { name: 'Mode', description: 'PAPER trades on the simulator; LIVE sends orders to Kite.' });
registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'API roles: viewers read, operators control, admins also go LIVE and manage tokens.',
});
registerEnumType(TradingStateEnum, {
  name: 'TradingState',
  description: 'ACTIVE: entries allowed; REDUCING: paused, exits only; HALTED: kill switch or breaker.',
});
registerEnumType(SideEnum, { name: 'Side' });
registerEnumType(DirectionEnum, { name: 'Direction' });
registerEnumType(StrategyEnum, { name: 'Strategy' });
registerEnumType(SignalOrderEnum, { name: 'SignalOrder', description: 'RECENT: newest first; RANK: best rank first.' });
registerEnumType(OrderStatusEnum, { name: 'OrderStatus' });
registerEnumType(LegRoleEnum, { name: 'LegRole' });
registerEnumType(GroupPhaseEnum, { name: 'GroupPhase' });
registerEnumType(RiskEventKindEnum, { name: 'RiskEventKind' });
