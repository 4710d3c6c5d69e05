import type { Paise } from '../money/paise';
import type { OcoPlan } from '../oco/oco-plan';
import type { OcoLeg } from '../oco/oco-state';
import type { Side } from '../orders/order-terms';
import { openCost, type Position, positionFromFills } from '../pnl/position';

/** The fields of a group fill the positions are built from. */
export interface LegFill {
  readonly tradeId: string;
  readonly legIndex: number;
  readonly side: Side;
  readonly qty: number;
  readonly price: Paise;
}

/** The group's position on each plan leg, from its fills (FIFO, domain/pnl). */
export function legPositions(plan: OcoPlan, fills: readonly LegFill[]): Position[] {
  return plan.legs.map((_, i) => positionFromFills(fills.filter((f) => f.legIndex === i)));
}

/** What an open position loses if the stop is hit: qty x (avg entry - stop) for a long, the mirror for a short; >= 0. */
function lossAtStop(p: Position, stop: Paise): Paise {
  return Math.max(0, openCost(p) - p.netQty * stop);
}

function entryPrice(leg: OcoLeg): Paise | null {
  return leg.ticket.limitPrice ?? leg.ticket.triggerPrice;
}

/** Entries that may still fill: their unfilled quantity adds to the risk. */
function workingEntries(legs: readonly OcoLeg[], legIndex: number): OcoLeg[] {
  return legs.filter((l) => l.legIndex === legIndex && l.ticket.legRole === 'ENTRY' && l.status === 'WORKING');
}

const unfilled = (l: OcoLeg) => Math.max(0, l.qty - l.filledQty);

/**
 * The group's open risk (paise): what it loses if its stop is hit now. For the open position,
 * qty x |avg entry - stop| (0 once the stop is on the winning side); for each working entry, its
 * unfilled qty x |entry price - stop| (a MARKET entry has no price: it adds nothing while it is in
 * flight). A basket's stop is on the net premium per unit: the open units lose (stop - net premium
 * received) each, the working ones (stop - planned net premium).
 */
export function groupOpenRisk(plan: OcoPlan, legs: readonly OcoLeg[], fills: readonly LegFill[]): Paise {
  const positions = legPositions(plan, fills);
  const protection = plan.protection;
  switch (protection.kind) {
    case 'ORDERS': {
      const stop = protection.stop.triggerPrice;
      let risk = 0;
      positions.forEach((p, i) => {
        risk += lossAtStop(p, stop);
        for (const l of workingEntries(legs, i)) {
          const price = entryPrice(l);
          if (price === null) continue;
          const perUnit = l.ticket.side === 'BUY' ? price - stop : stop - price;
          risk += unfilled(l) * Math.max(0, perUnit);
        }
      });
      return risk;
    }
    case 'NET_PREMIUM': {
      const stop = protection.stopNetPremium;
      const exiting = legs.some((l) => l.ticket.legRole !== 'ENTRY');
      const entering = !exiting && plan.legs.some((leg, i) => Math.abs(positions[i]!.netQty) < leg.qty);
      if (!entering) {
        // Entered (or exiting): the open units lose (stop - net premium received) each. An exit
        // never adds risk: legs closed one by one leave a part of the structure whose formula
        // value can exceed the whole's, so while exiting it is at most the entered structure's.
        const atStop = (ps: readonly Position[]) => {
          const openUnits = Math.max(0, ...ps.map((p) => Math.abs(p.netQty)));
          const received = -ps.reduce((s, p) => s + openCost(p), 0);
          return Math.max(0, stop * openUnits - received);
        };
        if (!exiting) return atStop(positions);
        const entered = plan.legs.map((leg, i) =>
          positionFromFills(fills.filter((f) => f.legIndex === i && f.side === leg.side)),
        );
        return Math.min(atStop(positions), atStop(entered));
      }
      // Still entering: the structure as planned is what is at risk, not a leg alone (the
      // admission sized it so). Filled parts count at their fill prices, the rest at the plan's.
      let units = 0;
      let netPremium = 0;
      for (const [i, leg] of plan.legs.entries()) {
        const planned = leg.entry.limitPrice ?? leg.entry.triggerPrice;
        const filled = Math.abs(positions[i]!.netQty);
        const rest = Math.max(0, leg.qty - filled);
        if (planned === null && rest > 0) return Math.max(0, stop * leg.qty); // MARKET leg: no premium known yet
        const value = Math.abs(openCost(positions[i]!)) + rest * (planned ?? 0);
        units = Math.max(units, leg.qty);
        netPremium += ((leg.side === 'SELL' ? 1 : -1) * value) / Math.max(1, filled + rest);
      }
      return Math.max(0, Math.round(units * (stop - netPremium)));
    }
    default: {
      const never: never = protection;
      throw new Error(`unknown protection ${JSON.stringify(never)}`);
    }
  }
}
