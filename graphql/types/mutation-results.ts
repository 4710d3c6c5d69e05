import 'reflect-metadata';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { RoleEnum } from '../enums';
import { DateTime } from '../scalars';
import { ControlState } from './control';

@ObjectType({ description: 'An event a mutation recorded.' })
export class RecordedChange {
  @Field(() => String) type!: string;
  @Field(() => GraphQLJSONObject) data!: Record<string, unknown>;
}

@ObjectType({ description: 'What a control mutation did and how long it took.' })
export class ControlResult {
  @Field(() => String, { description: 'The mutation, e.g. flatten.' }) action!: string;
  @Field(() => [RecordedChange], { description: 'The events recorded on the control stream.' })
  events!: RecordedChange[];
  @Field(() => ControlState, { description: 'The control state after it.' }) control!: ControlState;
  @Field(() => Float, { description: 'Wall-clock milliseconds the mutation took.' }) elapsedMs!: number;
}

@ObjectType({ description: 'A projection rebuilt from event zero and swapped in.' })
export class RebuildResultOut {
  @Field(() => String) action!: string;
  @Field(() => String) projection!: string;
  @Field(() => Int) eventsApplied!: number;
  @Field(() => Float) eventsPerSecond!: number;
  @Field(() => Float) elapsedMs!: number;
}

@ObjectType({ description: 'An API token (the secret itself is shown only once, when created).' })
export class ApiToken {
  @Field(() => String) id!: string;
  @Field(() => String) name!: string;
  @Field(() => RoleEnum) role!: string;
  @Field(() => String) createdBy!: string;
  @Field(() => DateTime) createdAt!: string;
  @Field(() => String, { nullable: true }) revokedBy!: string | null;
  @Field(() => DateTime, { nullable: true }) revokedAt!: string | null;
}

@ObjectType()
export class CreatedApiToken {
  @Field(() => String) action!: string;
  @Field(() => String, { description: 'The bearer token: shown now and never again (only its hash is stored).' })
  token!: string;
  @Field(() => ApiToken) apiToken!: ApiToken;
  @Field(() => Float) elapsedMs!: number;
}

@ObjectType()
export class RevokedApiToken {
  @Field(() => String) action!: string;
  @Field(() => ApiToken) apiToken!: ApiToken;
  @Field(() => Float) elapsedMs!: number;
}
