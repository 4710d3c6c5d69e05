import 'reflect-metadata';
import { Field, Int, ObjectType } from 'type-graphql';
import { LegRoleEnum, OrderStatusEnum, SideEnum } from '../enums';
import { DateTime, Money, TradingDay } from '../scalars';
import { PageOf } from './page';

@ObjectType()
export class OrderReason {
  @Field(() => String) event!: string;
  @Field(() => String) reason!: string;
  @Field(() => DateTime) at!: string;
}

@ObjectType({ description: 'A fill of an order (a broker trade).' })
export class Fill {
  @Field(() => String) tradeId!: string;
  @Field(() => String) clientOrderId!: string;
  @Field(() => String) instrumentKey!: string;
  @Field(() => SideEnum) side!: string;
  @Field(() => Int) qty!: number;
  @Field(() => Money) price!: number;
  @Field(() => Int) filledQtyAfter!: number;
  @Field(() => DateTime) filledAt!: string;
  @Field(() => String, { nullable: true }) configHash!: string | null;
}

/** The fields every view of an order shares (no field returns it, so the schema has no such type). */
@ObjectType()
export abstract class OrderTerms {
  @Field(() => String) clientOrderId!: string;
  @Field(() => String) groupId!: string;
  @Field(() => LegRoleEnum) legRole!: string;
  @Field(() => String) instrumentKey!: string;
  @Field(() => SideEnum) side!: string;
  @Field(() => String) orderType!: string;
  @Field(() => String) validity!: string;
  @Field(() => String) product!: string;
  @Field(() => Int) qty!: number;
  @Field(() => Int) filledQty!: number;
  @Field(() => Money, { nullable: true }) avgFillPrice!: number | null;
  @Field(() => Money, { nullable: true }) limitPrice!: number | null;
  @Field(() => Money, { nullable: true }) triggerPrice!: number | null;
  @Field(() => OrderStatusEnum) status!: string;
  @Field(() => String, { nullable: true }) brokerOrderId!: string | null;
  @Field(() => String, { nullable: true }) endReason!: string | null;
}

@ObjectType({ description: 'An order, as the order book read model shows it.' })
export class Order extends OrderTerms {
  @Field(() => TradingDay) tradingDay!: string;
  @Field(() => [OrderReason]) reasons!: OrderReason[];
  @Field(() => DateTime) submittedAt!: string;
  @Field(() => DateTime, { nullable: true }) acceptedAt!: string | null;
  @Field(() => DateTime, { nullable: true }) endedAt!: string | null;
  @Field(() => DateTime) updatedAt!: string;
  @Field(() => String, { nullable: true }) configHash!: string | null;
}

export const OrderPage = PageOf(Order, 'Order');
