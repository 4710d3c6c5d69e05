import { tradingDayOf } from '../../domain/calendar/ist-time';
import { clientOrderId } from '../../domain/ids/client-order-id';
import { uuidV5 } from '../../domain/ids/uuid';
import type { ClientOrderIdFor, OcoCommand } from '../../domain/oco/oco-commands';
import { IllegalOcoTransition, OcoRuleError } from '../../domain/oco/oco-errors';
import type { OcoEvent } from '../../domain/oco/oco-events';
import type { OcoPlan } from '../../domain/oco/oco-plan';
import type { OcoState } from '../../domain/oco/oco-state';
import { intentsFrom, type OrderIntent } from '../../domain/oco/order-intents';
import { standingIntents } from '../../domain/oco/standing-intents';
import { unobservedOrderEvents } from '../../domain/oco/unobserved-order-events';
import type { OrderEvent } from '../../domain/orders/order-events';
import { toEnvelopes } from '../eventstore/envelope';
import type { BrokerOrder, BrokerTrade } from '../ports/broker';
import type { StreamWrite } from '../ports/event-store';
import { openAtOnce } from './open-at-once';
import { OrderExecutor } from './order-executor';
import type { OrderNews } from './order-steps';
import { syncOrderWithBroker } from './order-sync';
import type { TradingContext } from './trading-context';

export interface GroupClosed {
  readonly groupId: string;
  readonly state: OcoState;
}

/**
 * The OCO process manager over the order executor: opens groups, feeds every order event to its
 * group, and carries out the intents the group's policy records (cancel siblings, protect fills,
 * exit). Every intent is an event before any broker call; the group's state lives in its stream,
 * so a restart rebuilds it (see recovery.ts).
 */
export class TradingEngine {
  readonly executor: OrderExecutor;
  private readonly open = new Set<string>();
  private readonly closedListeners: Array<(c: GroupClosed) => void> = [];
  private readonly newsListeners: Array<(n: OrderNews) => void> = [];

  constructor(readonly ctx: TradingContext) {
    this.executor = new OrderExecutor(ctx);
  }

  /** Group IDs this engine knows to be open. */
  openGroupIds(): string[] {
    return [...this.open];
  }

  onGroupClosed(listener: (c: GroupClosed) => void): void {
    this.closedListeners.push(listener);
  }

  /** Every order event the engine records (fills included), in order. */
  onOrderNews(listener: (n: OrderNews) => void): void {
    this.newsListeners.push(listener);
  }

  /** Marks a group open (recovery uses this for groups rebuilt from events). */
  track(groupId: string): void {
    this.open.add(groupId);
  }

  /**
   * Records the plan and places its entries; opening the same plan again places nothing. The
   * plan's index entry, the group's opening and its entries' intents go in one commit before the
   * first broker call (see open-at-once.ts); step by step when that cannot be (the group known
   * already, something stored already).
   */
  async openGroup(plan: OcoPlan): Promise<OcoState> {
    this.open.add(plan.groupId);
    const open = { type: 'OpenGroup', plan, ...this.commandTime() } as const;
    const opened = await openAtOnce(this.ctx, open, this.indexWrite(plan), this.tradingDay());
    if (!opened) {
      await this.indexGroup(plan);
      return this.command(plan.groupId, 'open', open);
    }
    this.afterGroupStep(plan.groupId, opened.state);
    await this.dispatch(await this.carryOut(opened.intents, opened.recorded));
    return (await this.ctx.groups.load(this.ctx.streams.oco(plan.groupId))).state;
  }

  /** Records the group in the day's index before anything else of it (once: the event ID is the group's). */
  private async indexGroup(plan: OcoPlan): Promise<void> {
    const { stream, events } = this.indexWrite(plan);
    await this.ctx.store.appendToStream(stream, events);
  }

  /** The group's entry in the day's index (expecting any version: entries of many groups). */
  private indexWrite(plan: OcoPlan): StreamWrite {
    const day = this.tradingDay();
    const stream = this.ctx.streams.groupIndex(day);
    const event = {
      type: 'OcoGroupIndexed',
      data: { groupId: plan.groupId, planId: plan.planId, at: this.ctx.clock.nowIso() },
    };
    return { stream, events: toEnvelopes(stream, [event], this.ctx.context(`${stream}/${plan.groupId}`, null, day)) };
  }

  /** Cancels every working leg of the group and exits its open quantity at market. */
  async flattenGroup(groupId: string, reason: 'FLATTENED' | 'EOD'): Promise<OcoState> {
    return this.command(groupId, `flatten-${reason}`, { type: 'FlattenGroup', reason, ...this.commandTime() });
  }

  /** Flattens every open group at once. */
  async flattenAll(reason: 'FLATTENED' | 'EOD'): Promise<void> {
    await Promise.all(this.openGroupIds().map((g) => this.flattenGroup(g, reason)));
  }

  /** EOD: moves the group's stop to `triggerPrice` if that is closer to the market; the stop order is modified. */
  async tightenStop(groupId: string, triggerPrice: number): Promise<OcoState> {
    return this.command(groupId, `tighten-${triggerPrice}`, {
      type: 'TightenStop',
      triggerPrice,
      ...this.commandTime(),
    });
  }

  /** A risk event on the group about one of its orders (reconciliation's surprises). */
  async raiseRisk(groupId: string, clientOrderId: string, detail: string): Promise<OcoState> {
    return this.command(groupId, `risk-${uuidV5(`${clientOrderId}|${detail}`).slice(0, 8)}`, {
      type: 'RecordRisk',
      clientOrderId,
      risk: 'RECONCILE_SURPRISE',
      detail,
      ...this.commandTime(),
    });
  }

  /** A basket's net-premium stop/target check on current prices. */
  async checkNetPremium(groupId: string, prices: Readonly<Record<string, number>>): Promise<OcoState> {
    return this.command(groupId, 'net-premium', { type: 'CheckNetPremium', prices, ...this.commandTime() });
  }

  /** A broker order update (push or poll): sync the order, then let its group react. */
  onBrokerOrder(order: BrokerOrder, tradesOf: (id: string) => Promise<readonly BrokerTrade[]>): Promise<void> {
    return this.onBrokerOrders([order], (id) => tradesOf(id));
  }

  /**
   * Broker order updates of one moment: each order synced (one order's updates in turn, orders in
   * parallel), then their groups react to all the news together.
   */
  async onBrokerOrders(
    orders: readonly BrokerOrder[],
    tradesOf: (id: string, filledQuantity: number) => Promise<readonly BrokerTrade[]>,
  ): Promise<void> {
    const byOrder = new Map<string, number[]>();
    orders.forEach((o, i) => {
      if (o.clientOrderId) byOrder.set(o.clientOrderId, [...(byOrder.get(o.clientOrderId) ?? []), i]);
    });
    const news: OrderNews[][] = orders.map(() => []);
    await Promise.all(
      [...byOrder].map(async ([coid, updates]) => {
        for (const i of updates) {
          const order = orders[i]!;
          const synced = await this.ctx.orderLocks.run(coid, () =>
            syncOrderWithBroker(this.ctx, order, (id) => tradesOf(id, order.filledQuantity)),
          );
          news[i] = [...synced.news];
        }
      }),
    );
    await this.dispatch(news.flat());
  }

  /**
   * Feeds order events to their groups, carrying out what the groups then ask, until quiet. The
   * waiting events of one group go to it together, in order, in one append.
   */
  async dispatch(initial: readonly OrderNews[]): Promise<void> {
    const queue = [...initial];
    while (queue.length > 0) {
      const groupId = queue[0]!.groupId;
      const batch = queue.filter((n) => n.groupId === groupId);
      queue.splice(0, queue.length, ...queue.filter((n) => n.groupId !== groupId));
      for (const n of batch) for (const l of this.newsListeners) l(n);
      queue.push(...(await this.observe(groupId, batch)));
    }
  }

  /**
   * A group takes order events (together; one by one should that fail, so each failure is its
   * own). The group refusing an event (a domain rule) is a mismatch to report; anything else (the
   * store's answer lost, say) may have stored the events after all, so whatever the group now
   * stands for at the broker is asked again (idempotent). An error while carrying out what the
   * group asked is not a refusal: it is reported and passed on, and reconciliation asks again.
   */
  private async observe(groupId: string, given: readonly OrderNews[]): Promise<OrderNews[]> {
    const batch = await this.withMissedFills(groupId, given);
    const stream = this.ctx.streams.oco(groupId);
    const at = this.commandTime();
    // The command ID depends on the batch's content: two writers' different observations at one
    // version never share event IDs (one would be taken for the other and silently dropped).
    const digest = uuidV5(batch.map((n) => observationKey(n.event)).join('|')).slice(0, 8);
    const context = (v: number) => this.ctx.context(`${stream}/observe@${v}/${digest}`, null, this.tradingDay());
    let r: Awaited<ReturnType<typeof this.ctx.groups.handleMany>>;
    try {
      const commands = batch.map((n): OcoCommand => ({ type: 'ObserveOrderEvent', event: n.event, ...at }));
      r = await this.ctx.groups.handleMany(stream, commands, context);
    } catch (err) {
      const refused = err instanceof OcoRuleError || err instanceof IllegalOcoTransition;
      if (batch.length === 1 && refused) {
        const n = batch[0]!;
        this.ctx.alert({
          kind: 'RECONCILE_MISMATCH',
          message: `group ${groupId} could not take ${n.event.type} of ${n.event.data.clientOrderId}: ${err.message}`,
          groupId,
          clientOrderId: n.event.data.clientOrderId,
        });
        return this.followUps(batch);
      }
      if (batch.length === 1) throw err;
      const news: OrderNews[] = [];
      for (const n of batch) news.push(...(await this.observe(groupId, [n])));
      return [...news, ...(await this.reissue(groupId))];
    }
    this.afterGroupStep(groupId, r.state);
    return this.execute(groupId, intentsFrom(r.appended as OcoEvent[]), batch);
  }

  /**
   * An order that ends (cancelled, rejected, modified down to its fills) is told to its group only
   * after every fill its stream holds: a fill recorded while its commit's answer was lost (so the
   * group never heard of it) would otherwise be lost with the leg, and the group close with a
   * position open. Cheap on the usual path: the order's stream is read only when its state shows
   * more filled than the group counted.
   */
  private async withMissedFills(groupId: string, batch: readonly OrderNews[]): Promise<readonly OrderNews[]> {
    const ending = batch.filter((n) => ENDINGS.has(n.event.type));
    if (ending.length === 0) return batch;
    const group = (await this.ctx.groups.load(this.ctx.streams.oco(groupId))).state;
    const missed: OrderNews[] = [];
    for (const coid of new Set(ending.map((n) => n.event.data.clientOrderId))) {
      const leg = group.legs.find((l) => l.ticket.clientOrderId === coid);
      if (!leg) continue;
      const inBatch = batch.filter((n) => n.event.data.clientOrderId === coid).map((n) => n.event);
      const counted = new Set([
        ...leg.tradeIds,
        ...inBatch.flatMap((e) => ('tradeId' in e.data ? [e.data.tradeId] : [])),
      ]);
      const order = (await this.ctx.orders.load(this.ctx.streams.order(coid))).state;
      if (order.tradeIds.every((t) => counted.has(t))) continue;
      const events = (await this.ctx.store.readStream(this.ctx.streams.order(coid))).map(
        (e) => ({ type: e.type, data: e.data }) as OrderEvent,
      );
      for (const event of unobservedOrderEvents(leg, events)) {
        if ((event.type === 'OrderFilled' || event.type === 'OrderPartiallyFilled') && !counted.has(event.data.tradeId))
          missed.push({ groupId, event, ...(order.ticket ? { ticket: order.ticket } : {}) });
      }
    }
    return missed.length === 0 ? batch : [...missed, ...batch];
  }

  /** Carries out what a group just asked; a failure is reported (and passed on), never taken for the group's refusal. */
  private async execute(groupId: string, intents: readonly OrderIntent[], batch: readonly OrderNews[]) {
    try {
      return [...(await this.carryOut(intents)), ...(await this.followUps(batch))];
    } catch (err) {
      this.ctx.alert({
        kind: 'EXECUTION_FAILED',
        message: `group ${groupId}: carrying out ${intents.map((i) => i.type).join(', ')} failed: ${
          err instanceof Error ? err.message : String(err)
        }`,
        groupId,
      });
      throw err;
    }
  }

  /**
   * Everything the group stands for at the broker, asked again from its stored state (each intent
   * idempotent): what a lost acknowledgement of its commit left uncarried.
   */
  async reissue(groupId: string): Promise<OrderNews[]> {
    this.ctx.groups.forget(this.ctx.streams.oco(groupId));
    const state = (await this.ctx.groups.load(this.ctx.streams.oco(groupId))).state;
    this.afterGroupStep(groupId, state);
    return this.carryOut(standingIntents(state));
  }

  /**
   * What waited on the broker's answer: a cancel asked for while the order's placement was in
   * flight goes once the broker accepts it; a modification asked for while another was pending
   * goes once the broker answers that one.
   */
  private async followUps(batch: readonly OrderNews[]): Promise<OrderNews[]> {
    const news: OrderNews[] = [];
    for (const n of batch) {
      const coid = n.event.data.clientOrderId;
      const type = n.event.type;
      if (type === 'OrderAccepted') {
        const deferred = this.executor.takeDeferredCancel(coid);
        if (deferred) news.push(...(await this.executor.cancel(deferred)));
      }
      if (type === 'OrderAccepted' || type === 'OrderModified' || type === 'OrderModifyFailed') {
        const queued = this.executor.takeQueuedModify(coid);
        if (queued) news.push(...(await this.executor.modify(queued)));
      }
    }
    return news;
  }

  /**
   * Carries out intents in order; a run of cancels goes at once (a cancel only ever takes risk
   * off, so cancels need not wait for one another). Returns the order events they produced, in
   * the order of the intents. A placement in `recorded` has its submission stored already (its
   * news given there): only its broker call remains.
   */
  async carryOut(
    intents: readonly OrderIntent[],
    recorded: ReadonlyMap<string, readonly OrderNews[]> = new Map(),
  ): Promise<OrderNews[]> {
    const news: OrderNews[] = [];
    for (let i = 0; i < intents.length; ) {
      const intent = intents[i]!;
      const submitted = intent.type === 'PlaceOrder' ? recorded.get(intent.clientOrderId) : undefined;
      if (intent.type === 'PlaceOrder' && submitted) {
        // Its submission is recorded already (with the group's opening): the news, then the broker call.
        news.push(...submitted, ...(await this.executor.place(intent, true)));
        i += 1;
        continue;
      }
      let j = i;
      while (j < intents.length && intents[j]!.type === 'CancelOrder') j++;
      if (j > i) {
        const runs = await Promise.all(intents.slice(i, j).map((c) => this.executor.execute(c)));
        for (const r of runs) news.push(...r);
        i = j;
      } else {
        news.push(...(await this.executor.execute(intents[i]!)));
        i += 1;
      }
    }
    return news;
  }

  /**
   * One command to a group, its intents carried out. Should the append fail other than by the
   * group's refusal (its acknowledgement lost: stored or not), the command is tried once more on
   * the stored state and what the group stands for is asked again.
   */
  private async command(groupId: string, label: string, cmd: OcoCommand): Promise<OcoState> {
    const stream = this.ctx.streams.oco(groupId);
    const handle = () =>
      this.ctx.groups.handle(stream, cmd, (v) => this.ctx.context(`${stream}/${label}@${v}`, null, this.tradingDay()));
    let r: Awaited<ReturnType<typeof handle>>;
    try {
      r = await handle();
    } catch (err) {
      if (err instanceof OcoRuleError || err instanceof IllegalOcoTransition) throw err;
      r = await handle();
      this.afterGroupStep(groupId, r.state);
      await this.dispatch(await this.reissue(groupId));
    }
    this.afterGroupStep(groupId, r.state);
    await this.dispatch(await this.carryOut(intentsFrom(r.appended as OcoEvent[])));
    return (await this.ctx.groups.load(stream)).state;
  }

  private afterGroupStep(groupId: string, state: OcoState): void {
    if (state.phase === 'CLOSED' && this.open.delete(groupId)) {
      for (const l of this.closedListeners) l({ groupId, state });
    }
  }

  private tradingDay(): string {
    return tradingDayOf(this.ctx.clock.nowIso() as never);
  }

  private commandTime(): { at: string; clientOrderIdFor: ClientOrderIdFor } {
    const tradingDay = this.tradingDay();
    return {
      at: this.ctx.clock.nowIso(),
      clientOrderIdFor: (leg) =>
        clientOrderId({
          planId: leg.planId,
          leg: leg.legRole,
          orderType: leg.orderType,
          validity: leg.validity,
          tradingDay: tradingDay as never,
          legIndex: leg.legIndex,
          attempt: leg.seq - 1,
          slice: leg.slice,
        }),
    };
  }
}

/** Order events that end a leg. */
const ENDINGS: ReadonlySet<OrderEvent['type']> = new Set(['OrderCancelled', 'OrderRejected', 'OrderModified']);

/** What tells one observed order event from another (the order, the event, its trade). */
function observationKey(e: OrderEvent): string {
  const trade = e.type === 'OrderFilled' || e.type === 'OrderPartiallyFilled' ? e.data.tradeId : '';
  return `${e.data.clientOrderId}:${e.type}:${trade}:${e.data.at}`;
}
