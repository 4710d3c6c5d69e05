import 'reflect-metadata';
import { Arg, Authorized, Resolver, Root, Subscription } from 'type-graphql';
import type { DecisionView, OrderView, PositionView, SignalView } from '../../projections/queries';
import type { ApiContext } from '../context';
import { type FeedKind, topicOf } from '../subscriptions/topics';
import { Decision } from '../types/decision';
import { EventRecord } from '../types/event-record';
import { Order } from '../types/order';
import { Position } from '../types/position';
import { Risk } from '../types/risk';
import { Signal } from '../types/signal';

const topic =
  (kind: FeedKind) =>
  ({ context }: { context: ApiContext }) =>
    topicOf(context.deps.namespace, kind);

interface Filter<A> {
  payload: unknown;
  args: A;
}

@Resolver()
export class SubscriptionResolver {
  @Authorized()
  @Subscription(() => EventRecord, {
    description: 'Every event of the book as it is stored, in the global order; `types` keeps only those types.',
    topics: topic('events'),
    filter: ({ payload, args }: Filter<{ types?: string[] | null }>) =>
      !args.types || args.types.includes((payload as EventRecord).type),
  })
  events(@Root() e: EventRecord, @Arg('types', () => [String], { nullable: true }) _types?: string[]): EventRecord {
    return e;
  }

  @Authorized()
  @Subscription(() => Signal, { description: 'Signals as generated, and again when ranked.', topics: topic('signals') })
  signals(@Root() s: SignalView): SignalView {
    return s;
  }

  @Authorized()
  @Subscription(() => Decision, {
    description: 'Decisions as made; `approved` keeps only approved (true) or blocked (false) ones.',
    topics: topic('decisions'),
    filter: ({ payload, args }: Filter<{ approved?: boolean | null }>) =>
      args.approved === undefined || args.approved === null || (payload as DecisionView).approved === args.approved,
  })
  decisions(
    @Root() d: DecisionView,
    @Arg('approved', () => Boolean, { nullable: true }) _approved?: boolean,
  ): DecisionView {
    return d;
  }

  @Authorized()
  @Subscription(() => Order, {
    description: 'Orders as they change; `groupId` keeps one OCO group.',
    topics: topic('orders'),
    filter: ({ payload, args }: Filter<{ groupId?: string | null }>) =>
      !args.groupId || (payload as OrderView).groupId === args.groupId,
  })
  orders(@Root() o: OrderView, @Arg('groupId', () => String, { nullable: true }) _groupId?: string): OrderView {
    return o;
  }

  @Authorized()
  @Subscription(() => [Position], {
    description: "The day's positions, each time they change.",
    topics: topic('positions'),
  })
  positions(@Root() p: PositionView[]): PositionView[] {
    return p;
  }

  @Authorized()
  @Subscription(() => Risk, {
    description: 'Heat, P&L and control state, each time they change.',
    topics: topic('risk'),
  })
  risk(@Root() r: Risk): Risk {
    return r;
  }
}
