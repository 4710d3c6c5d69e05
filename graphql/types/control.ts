import 'reflect-metadata';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ModeEnum, TradingStateEnum } from '../enums';
import { DateTime, TradingDay } from '../scalars';
import { PageOf } from './page';

@ObjectType({ description: 'Who did a control action, why and when.' })
export class ActorNote {
  @Field(() => String) by!: string;
  @Field(() => String) reason!: string;
  @Field(() => DateTime) at!: string;
}

@ObjectType({ description: "The control state, from the namespace's control stream." })
export class ControlState {
  @Field(() => ModeEnum) mode!: string;
  @Field(() => TradingStateEnum) tradingState!: string;
  @Field(() => ActorNote, { nullable: true, description: 'Set while new entries are paused.' })
  paused!: ActorNote | null;
  @Field(() => String, { nullable: true, description: 'OPERATOR or FLATTEN.' }) pauseCause!: string | null;
  @Field(() => Boolean) killSwitchEngaged!: boolean;
  @Field(() => Boolean) breakerTripped!: boolean;
  @Field(() => [String]) breakerReasons!: string[];
  @Field(() => ActorNote, { nullable: true }) lastFlatten!: ActorNote | null;
}

@ObjectType()
export class Heartbeat {
  @Field(() => String) source!: string;
  @Field(() => Float, { nullable: true, description: 'Seconds since the last beat (market time); null: never.' })
  ageSeconds!: number | null;
  @Field(() => Boolean) stale!: boolean;
}

@ObjectType()
export class ScanStatus {
  @Field(() => String) state!: string;
  @Field(() => Int) cycles!: number;
  @Field(() => Int) restarts!: number;
  @Field(() => String, { nullable: true }) lastError!: string | null;
}

@ObjectType({ description: 'The state of the system: control state, leadership, heartbeats, market hours.' })
export class SystemState {
  @Field(() => String) namespace!: string;
  @Field(() => TradingDay) tradingDay!: string;
  @Field(() => DateTime, { description: "The trading clock's now (market time during a replay)." }) now!: string;
  @Field(() => ControlState) control!: ControlState;
  @Field(() => Boolean) leader!: boolean;
  @Field(() => Boolean) marketOpen!: boolean;
  @Field(() => Boolean, { description: 'Leader and every heartbeat under its limit.' }) ready!: boolean;
  @Field(() => [Heartbeat]) heartbeats!: Heartbeat[];
  @Field(() => ScanStatus, { nullable: true }) scan!: ScanStatus | null;
}

@ObjectType()
export class KillSwitchRecord {
  @Field(() => Int) seq!: number;
  @Field(() => TradingDay) tradingDay!: string;
  @Field(() => String) engagedBy!: string;
  @Field(() => String) reason!: string;
  @Field(() => DateTime) engagedAt!: string;
  @Field(() => String, { nullable: true }) releasedBy!: string | null;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => DateTime, { nullable: true }) releasedAt!: string | null;
  @Field(() => Boolean) active!: boolean;
}

export const KillSwitchPage = PageOf(KillSwitchRecord, 'KillSwitchRecord');
