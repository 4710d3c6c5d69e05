import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLObjectType } from 'graphql';
import { schemaText } from '../../graphql/schema-text';

/** graphql/schema.graphql is what the resolvers build (run `npm run schema` after changing them). */
test('the committed schema.graphql is the schema the resolvers build', async () => {
  const committed = readFileSync(join(__dirname, '..', '..', 'graphql', 'schema.graphql'), 'utf8');
  expect(committed).toBe(await schemaText());
});

test('the schema has the operations the dashboard and the desk rely on, money as Money and times as DateTime', () => {
  const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'graphql', 'schema.graphql'), 'utf8'));
  const fields = (t: GraphQLObjectType | null | undefined) => Object.keys(t?.getFields() ?? {});
  expect(fields(schema.getQueryType())).toEqual(
    expect.arrayContaining([
      'state',
      'positions',
      'orders',
      'ocoGroups',
      'signals',
      'topRanked',
      'decisions',
      'risk',
      'riskEvents',
      'auditChain',
      'killSwitchHistory',
      'dailySummary',
      'pnlCurve',
      'heatTimeline',
    ]),
  );
  expect(fields(schema.getMutationType())).toEqual(
    expect.arrayContaining([
      'flatten',
      'setMode',
      'pause',
      'resume',
      'engageKillSwitch',
      'releaseKillSwitch',
      'rebuildProjection',
      'createApiToken',
      'revokeApiToken',
    ]),
  );
  expect(fields(schema.getSubscriptionType())).toEqual(
    expect.arrayContaining(['events', 'signals', 'decisions', 'orders', 'positions', 'risk']),
  );
  const position = schema.getType('Position') as GraphQLObjectType;
  expect(String(position.getFields().avgPrice?.type)).toBe('Money');
  expect(String(position.getFields().updatedAt?.type)).toBe('DateTime!');
});
