// Lets `node -r ./test/support/swc-register.js app/cli/x.ts` run a TypeScript entry point as the
// tests compile it (@swc/core, CommonJS), so a test can start a CLI as a real process without a build.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');
// The tests' own compiler options (jest.config.js), so the process runs the code as the tests do.
const [, swc] = require('../../jest.config.js').transform['^.+\\.ts$'];

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swc, filename });
  module._compile(code, filename);
};
