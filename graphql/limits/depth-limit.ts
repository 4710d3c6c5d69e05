import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/** A validation rule: no operation selects deeper than `max` levels (fragments followed, introspection too). */
export function depthLimitRule(max: number): (ctx: ValidationContext) => ASTVisitor {
  return (ctx) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of ctx.getDocument().definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const depthOf = (set: SelectionSetNode | undefined, seen: ReadonlySet<string>): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) deepest = Math.max(deepest, s.selectionSet ? 1 + depthOf(s.selectionSet, seen) : 1);
        else if (s.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(s.selectionSet, seen));
        else {
          const name = s.name.value;
          const f = fragments.get(name);
          if (f && !seen.has(name)) deepest = Math.max(deepest, depthOf(f.selectionSet, new Set([...seen, name])));
        }
        if (deepest > max) return deepest; // no need to go on
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > max)
          ctx.reportError(
            new GraphQLError(
              `the query is ${depth > max + 1 ? 'more than ' : ''}${max + 1} levels deep; at most ${max} are allowed`,
              {
                nodes: [node],
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' },
              },
            ),
          );
      },
    };
  };
}
