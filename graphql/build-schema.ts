import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { authChecker } from './auth/authenticate';
import { BookResolver, OcoGroupFields, OrderFields } from './resolvers/book-resolver';
import { ControlResolver } from './resolvers/control-resolver';
import { HealthResolver } from './resolvers/health-resolver';
import { DecisionFields, PipelineResolver } from './resolvers/pipeline-resolver';
import { ReplayResolver } from './resolvers/replay-resolver';
import { RiskResolver } from './resolvers/risk-resolver';
import { StateResolver } from './resolvers/state-resolver';
import { SubscriptionResolver } from './resolvers/subscription-resolver';
import { TokenResolver } from './resolvers/token-resolver';

export const RESOLVERS = [
  StateResolver,
  HealthResolver,
  BookResolver,
  OcoGroupFields,
  OrderFields,
  PipelineResolver,
  DecisionFields,
  RiskResolver,
  ReplayResolver,
  ControlResolver,
  TokenResolver,
  SubscriptionResolver,
] as const;

/** The API's schema (type-graphql); `graphql/schema.graphql` is its printed form, kept in git. */
export function buildApiSchema(pubSub: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    pubSub,
    validate: false,
  });
}
