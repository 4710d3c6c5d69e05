import { divRound } from '../domain/money/paise';
import type { OrderState } from '../domain/orders/order-state';
import { isWorking } from '../domain/orders/order-status';
import { averagePrice, unrealisedAt } from '../domain/pnl/position';
import type { InstrumentPosition } from '../domain/replay/book-positions';
import type { BookSnapshot, GroupAtInstant } from '../domain/replay/book-snapshot';
import { ocoLegView } from '../projections/queries';
import type { BookReplay, ReplayGroup, ReplayOrder, ReplayPosition } from './types/book-replay';
import { controlStateOf } from './views';

function orderOf(o: OrderState): ReplayOrder {
  const t = o.ticket!;
  return {
    clientOrderId: t.clientOrderId,
    groupId: t.groupId,
    legRole: t.legRole,
    instrumentKey: t.instrumentKey,
    side: t.side,
    orderType: t.orderType,
    validity: t.validity,
    product: t.product,
    qty: t.qty,
    filledQty: o.filledQty,
    avgFillPrice: o.filledQty > 0 ? divRound(o.filledValue, o.filledQty) : null,
    limitPrice: t.limitPrice,
    triggerPrice: t.triggerPrice,
    status: o.status,
    working: isWorking(o.status),
    brokerOrderId: o.brokerOrderId,
    endReason: o.endReason,
  };
}

function groupOf(g: GroupAtInstant): ReplayGroup {
  const { plan, phase, legs, exitReason, closeReason } = g.state;
  const first = plan!.legs[0]!;
  return {
    groupId: g.groupId,
    planId: plan!.planId,
    instrumentKey: first.instrumentKey,
    side: first.side,
    phase,
    exitReason,
    closeReason,
    openRisk: g.openRisk,
    legs: legs.map(ocoLegView),
  };
}

function positionOf({ instrumentKey, position: p, fills }: InstrumentPosition): ReplayPosition {
  return {
    instrumentKey,
    netQty: p.netQty,
    direction: p.netQty > 0 ? 'LONG' : p.netQty < 0 ? 'SHORT' : 'FLAT',
    avgPrice: averagePrice(p),
    realised: p.realised,
    unrealised: unrealisedAt(p, p.lastMark) ?? null,
    lastMark: p.lastMark,
    boughtQty: p.boughtQty,
    soldQty: p.soldQty,
    fills,
  };
}

/** The replayed book as the API shows it. */
export function bookReplayOf(s: BookSnapshot): BookReplay {
  return {
    tradingDay: s.tradingDay,
    at: s.at,
    eventCount: s.eventCount,
    lastPosition: s.lastPosition,
    lastEventAt: s.lastEventAt,
    control: controlStateOf(s.control),
    orders: s.orders.filter((o) => o.ticket !== null).map(orderOf),
    groups: s.groups.filter((g) => g.state.plan !== null).map(groupOf),
    positions: s.positions.map(positionOf),
    heat: { heat: s.heat, heatCap: s.heatCap, openGroups: s.openGroups },
  };
}
