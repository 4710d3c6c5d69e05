import 'reflect-metadata';
import { GraphQLJSON } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { DateTime, TradingDay } from '../scalars';

@ObjectType({ description: 'An event as stored, in the global order.' })
export class EventRecord {
  @Field(() => String, { description: 'Opaque global position; later events have later positions.' })
  position!: string;
  @Field(() => String) streamId!: string;
  @Field(() => Int) streamVersion!: number;
  @Field(() => String) eventId!: string;
  @Field(() => String) type!: string;
  @Field(() => Int) version!: number;
  @Field(() => DateTime) occurredAt!: string;
  @Field(() => TradingDay, { nullable: true }) tradingDay!: string | null;
  @Field(() => String) correlationId!: string;
  @Field(() => String, { nullable: true }) causationId!: string | null;
  @Field(() => String, { nullable: true }) actor!: string | null;
  @Field(() => String, { nullable: true }) configHash!: string | null;
  @Field(() => GraphQLJSON) data!: unknown;
}
