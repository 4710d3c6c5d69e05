import 'reflect-metadata';
import { Field, Int, ObjectType } from 'type-graphql';
import { DirectionEnum, GroupPhaseEnum, SideEnum } from '../enums';
import { DateTime, Money, TradingDay } from '../scalars';
import { ControlState } from './control';
import { OcoLeg } from './oco-group';
import { OrderTerms } from './order';

@ObjectType({ description: 'An order as it stood at the instant of a replay.' })
export class ReplayOrder extends OrderTerms {
  @Field(() => Boolean, { description: 'It may still fill (in flight and unknown orders count).' }) working!: boolean;
}

@ObjectType({ description: 'An OCO group as it stood at the instant of a replay.' })
export class ReplayGroup {
  @Field(() => String) groupId!: string;
  @Field(() => String) planId!: string;
  @Field(() => String) instrumentKey!: string;
  @Field(() => SideEnum) side!: string;
  @Field(() => GroupPhaseEnum) phase!: string;
  @Field(() => String, { nullable: true, description: 'Set once the exit started.' }) exitReason!: string | null;
  @Field(() => String, { nullable: true }) closeReason!: string | null;
  @Field(() => Money, { description: 'What it loses if its stop is hit now (0 once closed).' }) openRisk!: number;
  @Field(() => [OcoLeg]) legs!: OcoLeg[];
}

@ObjectType({ description: 'A position of one instrument at the instant of a replay, from the fills up to it.' })
export class ReplayPosition {
  @Field(() => String) instrumentKey!: string;
  @Field(() => Int, { description: '+ long, - short, 0 flat.' }) netQty!: number;
  @Field(() => DirectionEnum) direction!: string;
  @Field(() => Money, { nullable: true, description: 'Average price of the open units; null when flat.' })
  avgPrice!: number | null;
  @Field(() => Money, { description: 'FIFO, exact to the paisa.' }) realised!: number;
  @Field(() => Money, { nullable: true, description: 'At the latest mark by then; null while open and never marked.' })
  unrealised!: number | null;
  @Field(() => Money, { nullable: true }) lastMark!: number | null;
  @Field(() => Int) boughtQty!: number;
  @Field(() => Int) soldQty!: number;
  @Field(() => Int) fills!: number;
}

@ObjectType({ description: 'Portfolio heat at the instant: the open risk of every group not closed.' })
export class ReplayHeat {
  @Field(() => Money) heat!: number;
  @Field(() => Money, { nullable: true, description: 'From the last decision by then.' }) heatCap!: number | null;
  @Field(() => Int) openGroups!: number;
}

@ObjectType({
  description:
    "The book at an instant of a trading day, folded from the event store (not the read models): the day's events at or before the instant, and the control stream.",
})
export class BookReplay {
  @Field(() => TradingDay) tradingDay!: string;
  @Field(() => DateTime, { description: 'The instant asked.' }) at!: string;
  @Field(() => Int, { description: "The day's events folded (at or before the instant)." }) eventCount!: number;
  @Field(() => String, {
    nullable: true,
    description: 'Global position (checkpoint) of the last event folded; null before the first.',
  })
  lastPosition!: string | null;
  @Field(() => DateTime, { nullable: true }) lastEventAt!: string | null;
  @Field(() => ControlState) control!: ControlState;
  @Field(() => [ReplayOrder]) orders!: ReplayOrder[];
  @Field(() => [ReplayGroup]) groups!: ReplayGroup[];
  @Field(() => [ReplayPosition]) positions!: ReplayPosition[];
  @Field(() => ReplayHeat) heat!: ReplayHeat;
}
