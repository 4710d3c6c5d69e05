// graphql-ws 6 publishes `graphql-ws/use/ws` through package.json "exports" only, which this
// project's TypeScript resolution (node10) does not read; Node itself resolves it at run time.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
