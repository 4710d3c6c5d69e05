import 'reflect-metadata';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTime } from '../scalars';
import { Heartbeat } from './control';

@ObjectType({ description: 'Whether the database answers, and how fast.' })
export class DatabaseHealth {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Float, { nullable: true, description: 'Round trip of SELECT 1, in milliseconds.' })
  latencyMs!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType({ description: 'A read model: how far it has come.' })
export class ProjectionHealth {
  @Field(() => String) name!: string;
  @Field(() => Int) eventsApplied!: number;
  @Field(() => DateTime, { description: 'When its checkpoint last moved.' }) updatedAt!: string;
  @Field(() => Int, { nullable: true, description: 'Events committed after its checkpoint; null: unknown.' })
  lagEvents!: number | null;
}

@ObjectType({ description: "This API instance's health." })
export class Health {
  @Field(() => Boolean, { description: 'Leader, every heartbeat under its limit, and the database answering.' })
  ready!: boolean;
  @Field(() => [String], { description: 'Why not ready; empty when ready.' }) reasons!: string[];
  @Field(() => Boolean) leader!: boolean;
  @Field(() => [Heartbeat]) heartbeats!: Heartbeat[];
  @Field(() => DatabaseHealth) database!: DatabaseHealth;
  @Field(() => [ProjectionHealth]) projections!: ProjectionHealth[];
  @Field(() => Float) uptimeSeconds!: number;
  @Field(() => DateTime) checkedAt!: string;
}
