import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { ApiLimits } from '../api-deps';
import { refusedBeforeExecution } from '../errors';
import { fullIntrospectionCost, introspectionEstimator, introspectionRootKeys } from './introspection-cost';
import { dataCostEstimator, operationCost } from './query-cost';
import { checkStringLengths } from './string-limit';

/** Tokens a document may have (graphql-js `parse` refuses past it, before building anything). */
export const MAX_PARSE_TOKENS = 5000;

/** Answers of `__schema`/`__type` one operation may ask for (tools send one `__schema`, or a few `__type` probes). */
export const MAX_INTROSPECTION_ROOTS = 10;

/** The introspection budget, in multiples of what the full standard introspection query costs. */
const INTROSPECTION_BUDGET_FACTOR = 2;

export interface OperationCost {
  /** Answers of `__schema`/`__type` asked for (0: no introspection beyond `__typename`). */
  readonly introspectionRoots: number;
  /** Of the data fields, against `ApiLimits.maxCost`. */
  readonly data: number;
  /** Of the introspection fields (about the size of their answer), against `introspectionBudget`. */
  readonly introspection: number;
}

export interface OperationLimits {
  /** The introspection budget: twice what `getIntrospectionQuery()` (every option on) costs on this schema. */
  readonly introspectionBudget: number;
  readonly fullIntrospection: number;
  /**
   * Checks an operation before it runs (over HTTP and over the WebSocket alike): no string too long,
   * data within `maxCost`, introspection within its budget and not asked for too many times.
   * Throws BAD_USER_INPUT (HTTP 400) naming the limit.
   */
  check(
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName: string | undefined | null,
  ): OperationCost;
}

export function operationLimits(schema: GraphQLSchema, limits: ApiLimits): OperationLimits {
  const introspection = introspectionEstimator(schema);
  const fullIntrospection = fullIntrospectionCost(schema, introspection);
  const introspectionBudget = INTROSPECTION_BUDGET_FACTOR * fullIntrospection;
  return {
    introspectionBudget,
    fullIntrospection,
    check(document, variables, operationName) {
      checkStringLengths(document, variables, limits.maxTextLength);
      const roots = introspectionRootKeys(document, operationName);
      if (roots > MAX_INTROSPECTION_ROOTS)
        throw refusedBeforeExecution(
          `the query asks for the schema ${roots} times (__schema, __type); at most ${MAX_INTROSPECTION_ROOTS} are allowed`,
          { limit: 'introspection' },
        );
      const data = operationCost(schema, document, variables, operationName, dataCostEstimator) ?? 0;
      if (data > limits.maxCost)
        throw refusedBeforeExecution(
          `the query would cost ${data}; at most ${limits.maxCost} is allowed (ask for fewer items)`,
          { limit: 'cost', cost: data },
        );
      const read =
        roots === 0 ? 0 : Math.ceil(operationCost(schema, document, variables, operationName, introspection) ?? 0);
      if (read > introspectionBudget)
        throw refusedBeforeExecution(
          `the query's introspection would read about ${read} items of the schema; at most ${introspectionBudget} are allowed (the full introspection query reads ${fullIntrospection})`,
          { limit: 'introspection', cost: read },
        );
      return { introspectionRoots: roots, data, introspection: read };
    },
  };
}
