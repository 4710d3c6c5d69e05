import 'reflect-metadata';
import { Field, Int, ObjectType } from 'type-graphql';
import { DirectionEnum } from '../enums';
import { DateTime, Money, TradingDay } from '../scalars';

@ObjectType({ description: 'A position of one trading day in one instrument.' })
export class Position {
  @Field(() => TradingDay) tradingDay!: string;
  @Field(() => String) instrumentKey!: string;
  @Field(() => Int, { description: '+ long, - short, 0 flat.' }) netQty!: number;
  @Field(() => DirectionEnum) direction!: string;
  @Field(() => Money, { nullable: true, description: 'Average price of the open units; null when flat.' })
  avgPrice!: number | null;
  @Field(() => [Money], { description: 'Trigger prices of the working stop orders.' }) stopPrices!: number[];
  @Field(() => [Money], { description: 'Limit prices of the working target orders.' }) targetPrices!: number[];
  @Field(() => Money) realised!: number;
  @Field(() => Money, { nullable: true, description: 'At the latest mark; null while open and never marked.' })
  unrealised!: number | null;
  @Field(() => Money, { nullable: true }) total!: number | null;
  @Field(() => Money, { nullable: true }) lastMark!: number | null;
  @Field(() => DateTime, { nullable: true }) markedAt!: string | null;
  @Field(() => Money, { nullable: true, description: 'Maximum favourable excursion.' }) mfe!: number | null;
  @Field(() => Money, { nullable: true, description: 'Maximum adverse excursion.' }) mae!: number | null;
  @Field(() => Int) boughtQty!: number;
  @Field(() => Int) soldQty!: number;
  @Field(() => Int) fills!: number;
  @Field(() => DateTime, { nullable: true }) openedAt!: string | null;
  @Field(() => DateTime) updatedAt!: string;
}
