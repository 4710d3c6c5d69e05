/**
 * Layering: domain <- commands <- projections <- graphql <- app (composition root).
 * adapters implement the ports of commands; only app wires them.
 */
const layer = (name, allowed) => ({
  name: `${name}-imports-only-downwards`,
  comment: `${name}/ may import only ${allowed.join(', ')} (and npm packages where allowed)`,
  severity: 'error',
  from: { path: `^${name}/` },
  to: { path: '^(domain|commands|projections|adapters|graphql|app|test)/', pathNot: `^(${allowed.join('|')})/` },
});

module.exports = {
  forbidden: [
    layer('domain', ['domain']),
    layer('commands', ['domain', 'commands']),
    layer('projections', ['domain', 'commands', 'projections']),
    layer('adapters', ['domain', 'commands', 'adapters']),
    layer('graphql', ['domain', 'commands', 'projections', 'graphql']),
    {
      name: 'domain-is-pure',
      comment: 'domain/ uses no I/O packages: only luxon and node:crypto',
      severity: 'error',
      from: { path: '^domain/' },
      to: { dependencyTypes: ['npm', 'core'], pathNot: '(^|/)node_modules/(luxon|@types/luxon)/|^crypto$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Packages' "exports" subpaths (e.g. graphql-ws/use/ws), resolved as Node resolves them at run time.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default', 'types'] },
    exclude: { path: '^(dist|data)/' },
  },
};
