import 'reflect-metadata';
import { Field, Int, ObjectType } from 'type-graphql';
import { Decision } from './decision';
import { OcoGroup, Trade } from './oco-group';
import { Fill, Order } from './order';
import { Signal } from './signal';

@ObjectType()
export class AuditOrderLink {
  @Field(() => Order) order!: Order;
  @Field(() => [Fill]) fills!: Fill[];
}

@ObjectType({
  description: 'signal -> decision -> OCO group -> orders -> fills -> trade, with the config hash on every link.',
})
export class AuditChain {
  @Field(() => String) planId!: string;
  @Field(() => Signal, { nullable: true }) signal!: Signal | null;
  @Field(() => Decision, { nullable: true }) decision!: Decision | null;
  @Field(() => OcoGroup, { nullable: true }) group!: OcoGroup | null;
  @Field(() => [AuditOrderLink]) orders!: AuditOrderLink[];
  @Field(() => Trade, { nullable: true }) trade!: Trade | null;
  @Field(() => [String]) configHashes!: string[];
  @Field(() => [String], { description: 'What is missing; empty when the chain is complete.' }) gaps!: string[];
}

@ObjectType()
export class ReasonCount {
  @Field(() => String) code!: string;
  @Field(() => Int) count!: number;
}
