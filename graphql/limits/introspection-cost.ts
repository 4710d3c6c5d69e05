import {
  type DocumentNode,
  type GraphQLSchema,
  type GraphQLType,
  getIntrospectionQuery,
  getOperationAST,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isWrappingType,
  Kind,
  parse,
  type SelectionSetNode,
} from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { isIntrospectionField, operationCost } from './query-cost';

/**
 * The introspection part of an operation, costed for what it is: a read of the static schema. Each
 * introspection field counts 1; a list counts its children as many times as this schema has items
 * there on average (types, fields per type, arguments per field...), and `ofType` its child as
 * often as a type reference is wrapped (NON_NULL, LIST) at that level. So the count is about the
 * size of the answer, whatever the selection. Data fields count nothing here (they have their own cost).
 */
export function introspectionEstimator(schema: GraphQLSchema): ComplexityEstimator {
  const multipliers = introspectionMultipliers(schema);
  return ({ field, type, childComplexity }) => {
    if (!isIntrospectionField(field, type)) return 0;
    return 1 + childComplexity * (multipliers.get(`${type.name}.${field.name}`) ?? 1);
  };
}

/** How many children each introspection field has, on average over this schema. */
function introspectionMultipliers(schema: GraphQLSchema): Map<string, number> {
  const types = Object.values(schema.getTypeMap());
  const directives = schema.getDirectives();
  const fields = types.flatMap((t) => (isObjectType(t) || isInterfaceType(t) ? Object.values(t.getFields()) : []));
  const inputFields = types.flatMap((t) => (isInputObjectType(t) ? Object.values(t.getFields()) : []));
  const args = [...fields, ...directives].flatMap((f) => f.args);
  const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
  const per = (total: number, parents: number) => total / Math.max(1, parents);
  const perType = (count: (t: (typeof types)[number]) => number) => per(sum(types.map(count)), types.length);
  // A type reference `[T!]!` is three objects deep (NON_NULL, LIST, NON_NULL, then T): with w the
  // mean number of wrappers, `ofType` is taken with chance w / (1 + w) at each level.
  const refs = [...fields, ...inputFields, ...args].map((f) => f.type);
  const wrappers = per(sum(refs.map(wrapperCount)), refs.length);
  return new Map([
    ['__Schema.types', types.length],
    ['__Schema.directives', directives.length],
    ['__Type.fields', per(fields.length, types.length)],
    ['__Type.interfaces', perType((t) => (isObjectType(t) || isInterfaceType(t) ? t.getInterfaces().length : 0))],
    ['__Type.possibleTypes', perType((t) => (isAbstractType(t) ? schema.getPossibleTypes(t).length : 0))],
    ['__Type.enumValues', perType((t) => (isEnumType(t) ? t.getValues().length : 0))],
    ['__Type.inputFields', per(inputFields.length, types.length)],
    ['__Type.ofType', wrappers / (1 + wrappers)],
    ['__Field.args', per(sum(fields.map((f) => f.args.length)), fields.length)],
    ['__Directive.args', per(sum(directives.map((d) => d.args.length)), directives.length)],
  ]);
}

function wrapperCount(type: GraphQLType): number {
  let n = 0;
  for (let t = type; isWrappingType(t); t = t.ofType) n += 1;
  return n;
}

/** The standard introspection query with every option of graphql-js on (the most a tool asks). */
export const FULL_INTROSPECTION_QUERY = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
});

/** What FULL_INTROSPECTION_QUERY costs on this schema. */
export function fullIntrospectionCost(schema: GraphQLSchema, estimator: ComplexityEstimator): number {
  const cost = operationCost(schema, parse(FULL_INTROSPECTION_QUERY), {}, undefined, estimator);
  if (cost === null) throw new Error('the introspection query could not be costed');
  return Math.ceil(cost);
}

/**
 * How many answers of `__schema` or `__type` the operation asks for: its distinct response keys
 * (aliases) among root fields, fragments followed. An alias flood of `__schema` shows here.
 */
export function introspectionRootKeys(document: DocumentNode, operationName: string | undefined | null): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const keys = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === '__schema' || s.name.value === '__type') keys.add(s.alias?.value ?? s.name.value);
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else {
        const f = fragments.get(s.name.value);
        if (f && !seen.has(f.name.value)) {
          seen.add(f.name.value);
          walk(f.selectionSet);
        }
      }
    }
  };
  walk(operation.selectionSet);
  return keys.size;
}
