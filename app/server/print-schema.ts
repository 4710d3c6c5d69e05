import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaText } from '../../graphql/schema-text';
import { ASSETS_DIR } from '../../graphql/server/assets';

/** `npm run schema`: writes graphql/schema.graphql (a test fails while it is stale). */
async function main(): Promise<void> {
  const file = join(ASSETS_DIR, '..', 'schema.graphql');
  writeFileSync(file, await schemaText());
  process.stdout.write(`wrote ${file}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
