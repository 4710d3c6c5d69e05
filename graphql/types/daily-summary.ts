import 'reflect-metadata';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Money, TradingDay } from '../scalars';
import { ReasonCount } from './audit';

@ObjectType()
export class AuditProblem {
  @Field(() => String) kind!: string;
  @Field(() => String, { nullable: true }) planId!: string | null;
  @Field(() => String, { nullable: true }) ref!: string | null;
  @Field(() => String) detail!: string;
}

@ObjectType()
export class AuditCheckSummary {
  @Field(() => Boolean) complete!: boolean;
  @Field(() => [AuditProblem]) problems!: AuditProblem[];
}

@ObjectType({ description: 'A trading day in numbers.' })
export class DailySummary {
  @Field(() => TradingDay) tradingDay!: string;
  @Field(() => Int) signals!: number;
  @Field(() => Int) rankedSignals!: number;
  @Field(() => Int) decisions!: number;
  @Field(() => Int) approved!: number;
  @Field(() => Int) blocked!: number;
  @Field(() => [ReasonCount]) topBlockReasons!: ReasonCount[];
  @Field(() => Int) ocoGroups!: number;
  @Field(() => Int) ocoLifecyclesCompleted!: number;
  @Field(() => Int) openGroups!: number;
  @Field(() => Int) ordersPlaced!: number;
  @Field(() => Int) ordersRejected!: number;
  @Field(() => Int) openOrders!: number;
  @Field(() => Int) fills!: number;
  @Field(() => Int) trades!: number;
  @Field(() => Int) winningTrades!: number;
  @Field(() => Int) losingTrades!: number;
  @Field(() => Money) realised!: number;
  @Field(() => Money, { nullable: true }) unrealised!: number | null;
  @Field(() => Money, { nullable: true }) total!: number | null;
  @Field(() => Int) openPositions!: number;
  @Field(() => Money) maxHeat!: number;
  @Field(() => Money, { nullable: true }) heatCap!: number | null;
  @Field(() => Boolean) heatNeverOverCap!: boolean;
  @Field(() => GraphQLJSONObject, { description: 'Risk events by kind.' }) riskEvents!: Record<string, number>;
  @Field(() => Int) killSwitchEngagements!: number;
  @Field(() => AuditCheckSummary) auditChain!: AuditCheckSummary;
}
