import 'reflect-metadata';
import { Field, Int, ObjectType } from 'type-graphql';
import { DateTime, Money, TradingDay } from '../scalars';
import { PageOf } from './page';

@ObjectType({ description: 'A risk reason: a stable code and a sentence.' })
export class Reason {
  @Field(() => String) code!: string;
  @Field(() => String) message!: string;
}

@ObjectType({
  description: "The risk manager's decision on a plan: approved with a quantity, or blocked with every reason.",
})
export class Decision {
  @Field(() => String) planId!: string;
  @Field(() => String) signalId!: string;
  @Field(() => TradingDay) tradingDay!: string;
  @Field(() => String) instrumentKey!: string;
  @Field(() => Boolean) approved!: boolean;
  @Field(() => Int) quantity!: number;
  @Field(() => [Int]) slices!: number[];
  @Field(() => [Reason]) reasons!: Reason[];
  @Field(() => Money) risk!: number;
  @Field(() => Money) heatBefore!: number;
  @Field(() => Money) heatAfter!: number;
  @Field(() => Money) heatCap!: number;
  @Field(() => String, { nullable: true }) boundBy!: string | null;
  @Field(() => DateTime) at!: string;
  @Field(() => String, { nullable: true }) configHash!: string | null;
}

export const DecisionPage = PageOf(Decision, 'Decision');
