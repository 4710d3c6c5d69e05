import 'reflect-metadata';
import { GraphQLJSON } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { RiskEventKindEnum } from '../enums';
import { DateTime, Money, TradingDay } from '../scalars';
import { ControlState } from './control';
import { PageOf } from './page';

@ObjectType({ description: 'Portfolio heat (the open risk of every open group) against its cap.' })
export class Heat {
  @Field(() => Money) heat!: number;
  @Field(() => Money, { nullable: true }) heatCap!: number | null;
  @Field(() => Money, { nullable: true }) headroom!: number | null;
  @Field(() => Boolean) overCap!: boolean;
  @Field(() => Int) openGroups!: number;
  @Field(() => DateTime) updatedAt!: string;
}

@ObjectType()
export class HeatPoint {
  @Field(() => Int) seq!: number;
  @Field(() => DateTime) at!: string;
  @Field(() => Money) heat!: number;
  @Field(() => Money, { nullable: true }) heatCap!: number | null;
  @Field(() => Int) openGroups!: number;
  @Field(() => String) cause!: string;
}

@ObjectType()
export class DailyPnl {
  @Field(() => TradingDay) tradingDay!: string;
  @Field(() => Money) realised!: number;
  @Field(() => Money, { nullable: true }) unrealised!: number | null;
  @Field(() => Money, { nullable: true }) total!: number | null;
  @Field(() => Int) openPositions!: number;
  @Field(() => Int) fills!: number;
  @Field(() => DateTime, { nullable: true }) markedAt!: string | null;
}

@ObjectType({ description: 'A point of the P&L curve (at every fill and every marks).' })
export class PnlPoint {
  @Field(() => Int) seq!: number;
  @Field(() => DateTime) at!: string;
  @Field(() => String) cause!: string;
  @Field(() => Money) realised!: number;
  @Field(() => Money, { nullable: true }) unrealised!: number | null;
  @Field(() => Money, { nullable: true }) total!: number | null;
}

@ObjectType({ description: "Risk now: heat against its cap, the day's P&L, breaker and kill switch." })
export class Risk {
  @Field(() => TradingDay) tradingDay!: string;
  @Field(() => Heat, { nullable: true }) heat!: Heat | null;
  @Field(() => DailyPnl, { nullable: true }) dailyPnl!: DailyPnl | null;
  @Field(() => ControlState) control!: ControlState;
}

@ObjectType()
export class RiskEvent {
  @Field(() => String) eventId!: string;
  @Field(() => TradingDay) tradingDay!: string;
  @Field(() => RiskEventKindEnum) kind!: string;
  @Field(() => String) code!: string;
  @Field(() => String) message!: string;
  @Field(() => GraphQLJSON, { nullable: true }) detail!: unknown;
  @Field(() => String, { nullable: true }) groupId!: string | null;
  @Field(() => String, { nullable: true }) clientOrderId!: string | null;
  @Field(() => String, { nullable: true }) planId!: string | null;
  @Field(() => String, { nullable: true }) actor!: string | null;
  @Field(() => DateTime) at!: string;
}

export const RiskEventPage = PageOf(RiskEvent, 'RiskEvent');
export const HeatPointPage = PageOf(HeatPoint, 'HeatPoint');
export const PnlPointPage = PageOf(PnlPoint, 'PnlPoint');
