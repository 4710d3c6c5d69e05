import 'reflect-metadata';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { SideEnum, StrategyEnum } from '../enums';
import { DateTime, Money, TradingDay } from '../scalars';
import { PageOf } from './page';

@ObjectType({ description: "The ranker's attribution of a score to its parts, each in [0, 1]." })
export class ScoreAttribution {
  @Field(() => Float) momentum!: number;
  @Field(() => Float) trend!: number;
  @Field(() => Float) liquidity!: number;
  @Field(() => Float) regime!: number;
  @Field(() => Float) rewardRisk!: number;
}

@ObjectType()
export class SignalLeg {
  @Field(() => String) instrumentKey!: string;
  @Field(() => SideEnum) side!: string;
  @Field(() => Int) ratio!: number;
  @Field(() => Money) entry!: number;
}

@ObjectType({ description: 'A strategy signal, with its rank and score attribution once ranked.' })
export class Signal {
  @Field(() => String) signalId!: string;
  @Field(() => TradingDay) tradingDay!: string;
  @Field(() => StrategyEnum) strategy!: string;
  @Field(() => String) instrumentKey!: string;
  @Field(() => SideEnum) side!: string;
  @Field(() => Money) entry!: number;
  @Field(() => Money) stop!: number;
  @Field(() => [Money]) targets!: number[];
  @Field(() => [SignalLeg], { nullable: true }) legs!: SignalLeg[] | null;
  @Field(() => GraphQLJSONObject, { description: 'Feature values the signal was computed from.' })
  features!: Record<string, number>;
  @Field(() => GraphQLJSONObject, { description: 'Per-feature scores in [0, 1].' }) scores!: Record<string, number>;
  @Field(() => DateTime) at!: string;
  @Field(() => String, { nullable: true }) configHash!: string | null;
  @Field(() => Int, { nullable: true, description: '1 = best; null when not ranked.' }) rank!: number | null;
  @Field(() => Float, { nullable: true }) score!: number | null;
  @Field(() => ScoreAttribution, { nullable: true }) attribution!: ScoreAttribution | null;
  @Field(() => Int, { nullable: true }) considered!: number | null;
  @Field(() => DateTime, { nullable: true }) rankedAt!: string | null;
}

export const SignalPage = PageOf(Signal, 'Signal');
