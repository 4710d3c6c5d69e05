import type { ManualClock } from '../../adapters/clock/manual-clock';
import type { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import type { PaperBrokerOptions } from '../../adapters/paper-broker/paper-broker-options';
import type { TradingEngine } from '../../commands/trading/trading-engine';
import type { InstrumentMaster } from '../../domain/instruments/instrument-master';
import type { OcoPlan } from '../../domain/oco/oco-plan';
import type { StepKind } from './crash-points';

/** What a step acts on: the live process's engine, the paper broker (the market) and the clock. */
export interface StepContext {
  readonly engine: TradingEngine;
  readonly broker: PaperBroker;
  readonly clock: ManualClock;
}

/**
 * One step of a scenario. Ticks are the market's: they happen at the broker whatever becomes of
 * our process, and are never repeated. Commands (open, flatten) are a strategy's or an operator's:
 * when a crash cuts one short it is issued again after the restart (each is idempotent).
 */
export interface ScenarioStep {
  readonly label: string;
  readonly kind: StepKind;
  run(ctx: StepContext): Promise<void>;
}

export interface Scenario {
  readonly name: string;
  readonly instruments: InstrumentMaster;
  readonly broker: Partial<PaperBrokerOptions>;
  readonly plans: readonly OcoPlan[];
  readonly steps: readonly ScenarioStep[];
  /** Repeated (at most a few times) after the steps until every group is closed: the market stays where it ended. */
  readonly settle: ScenarioStep;
}

/** Last prices, paise, per instrument key. */
export type Prices = Readonly<Record<string, number>>;

/** One second later, a tick per instrument (bid and ask a tick either side), then the baskets' net-premium checks. */
export function tickStep(label: string, prices: Prices, kind: StepKind = 'tick'): ScenarioStep {
  return {
    label,
    kind,
    async run({ engine, broker, clock }) {
      await clock.advanceBy(1_000);
      for (const [key, last] of Object.entries(prices)) {
        broker.onTick({ key, ts: clock.nowMs(), last, cumVolume: 0, bid: last - 5, ask: last + 5 });
      }
      for (const groupId of engine.openGroupIds()) {
        const group = (await engine.ctx.groups.load(engine.ctx.streams.oco(groupId))).state;
        if (group.plan?.protection.kind !== 'NET_PREMIUM' || group.phase !== 'ACTIVE') continue;
        const mine = Object.fromEntries(group.plan.legs.map((l) => [l.instrumentKey, prices[l.instrumentKey]!]));
        await engine.checkNetPremium(groupId, mine);
      }
    },
  };
}

export function openStep(plan: OcoPlan): ScenarioStep {
  return {
    label: `open ${plan.groupId}`,
    kind: 'open',
    async run({ engine }) {
      await engine.openGroup(plan);
    },
  };
}

/** The kill switch engaged as soon as the group is opened, while its entry is on its way to the broker. */
export function openAndFlattenStep(plan: OcoPlan): ScenarioStep {
  return {
    label: `open ${plan.groupId} and kill switch at once`,
    kind: 'flatten',
    async run({ engine }) {
      const opening = engine.openGroup(plan);
      opening.catch(() => undefined); // awaited below; a crash may reject it first
      try {
        const stream = engine.ctx.streams.oco(plan.groupId);
        while ((await engine.ctx.store.streamVersion(stream)) < 0) await new Promise((r) => setImmediate(r));
        await engine.flattenAll('FLATTENED');
      } finally {
        await opening;
      }
    },
  };
}

/** The kill switch: every open group is flattened (a restarted process flattens again while it is engaged). */
export function flattenStep(): ScenarioStep {
  return {
    label: 'kill switch: flatten all',
    kind: 'flatten',
    async run({ engine }) {
      await engine.flattenAll('FLATTENED');
    },
  };
}
