import 'reflect-metadata';
import { Field, Int, ObjectType } from 'type-graphql';
import { GroupPhaseEnum, LegRoleEnum, SideEnum } from '../enums';
import { DateTime, Money, TradingDay } from '../scalars';
import { PageOf } from './page';

@ObjectType({ description: 'One order of an OCO group, as the group sees it.' })
export class OcoLeg {
  @Field(() => String) clientOrderId!: string;
  @Field(() => Int) legIndex!: number;
  @Field(() => LegRoleEnum) legRole!: string;
  @Field(() => String) instrumentKey!: string;
  @Field(() => SideEnum) side!: string;
  @Field(() => String) orderType!: string;
  @Field(() => Int) qty!: number;
  @Field(() => Int) filledQty!: number;
  @Field(() => Money, { nullable: true }) limitPrice!: number | null;
  @Field(() => Money, { nullable: true }) triggerPrice!: number | null;
  @Field(() => String) status!: string;
  @Field(() => Boolean, { description: 'The group asked for it to be cancelled.' }) retired!: boolean;
}

@ObjectType({ description: 'What protects a group: a resting stop and targets (ORDERS) or net-premium levels.' })
export class Protection {
  @Field(() => String) kind!: string;
  @Field(() => Money, { nullable: true }) stop!: number | null;
  @Field(() => [Money]) targets!: number[];
  @Field(() => Money, { nullable: true }) stopNetPremium!: number | null;
  @Field(() => Money, { nullable: true }) targetNetPremium!: number | null;
}

@ObjectType({ description: 'An OCO group: one plan, its entry, stop and targets.' })
export class OcoGroup {
  @Field(() => String) groupId!: string;
  @Field(() => String) planId!: string;
  @Field(() => TradingDay) tradingDay!: string;
  @Field(() => String) instrumentKey!: string;
  @Field(() => SideEnum) side!: string;
  @Field(() => GroupPhaseEnum) phase!: string;
  @Field(() => Protection) protection!: Protection;
  @Field(() => [OcoLeg]) legs!: OcoLeg[];
  @Field(() => String, { nullable: true }) closeReason!: string | null;
  @Field(() => Money) openRisk!: number;
  @Field(() => Money, { nullable: true }) mfe!: number | null;
  @Field(() => Money, { nullable: true }) mae!: number | null;
  @Field(() => DateTime) openedAt!: string;
  @Field(() => DateTime, { nullable: true }) closedAt!: string | null;
  @Field(() => String, { nullable: true }) configHash!: string | null;
}

@ObjectType()
export class TradeLeg {
  @Field(() => String) instrumentKey!: string;
  @Field(() => SideEnum) side!: string;
  @Field(() => Int) qty!: number;
  @Field(() => Money, { nullable: true }) entryAvgPrice!: number | null;
  @Field(() => Money, { nullable: true }) exitAvgPrice!: number | null;
  @Field(() => Money) realised!: number;
}

@ObjectType({ description: "A closed group's round trip (trade ID = group ID)." })
export class Trade {
  @Field(() => String) tradeId!: string;
  @Field(() => String) planId!: string;
  @Field(() => TradingDay) tradingDay!: string;
  @Field(() => String) instrumentKey!: string;
  @Field(() => SideEnum) side!: string;
  @Field(() => Int) qty!: number;
  @Field(() => Money, { nullable: true }) entryAvgPrice!: number | null;
  @Field(() => Money, { nullable: true }) exitAvgPrice!: number | null;
  @Field(() => Money) realised!: number;
  @Field(() => String) closeReason!: string;
  @Field(() => DateTime) openedAt!: string;
  @Field(() => DateTime) closedAt!: string;
  @Field(() => [TradeLeg]) legs!: TradeLeg[];
  @Field(() => String, { nullable: true }) configHash!: string | null;
}

export const OcoGroupPage = PageOf(OcoGroup, 'OcoGroup');
export const TradePage = PageOf(Trade, 'Trade');
