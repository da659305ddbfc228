import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, nodeConfigJsonSchema } from './node-config.ts';

const root = new URL('../../../../', import.meta.url);
const read = (file: string) => JSON.parse(readFileSync(new URL(file, root), 'utf8'));

describe('node.json has a JSON Schema for editors and an example to start from', () => {
  it('docs/node-config.schema.json is generated from the config the node validates, up to date', () => {
    const stale = 'docs/node-config.schema.json is stale: run `npm run docs` and commit it';
    expect(read('docs/node-config.schema.json'), stale).toEqual(nodeConfigJsonSchema());
  });

  it('the schema describes the sections an operator sets', () => {
    const schema = nodeConfigJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['nodeId', 'http', 'database', 'metrics', 'stations', 'peers', 'agreement']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['nodeId', 'database', 'stations']));
    // Settings with defaults may be left out.
    expect(schema.required).not.toContain('metrics');
  });

  it('node.example.json names the schema and is a valid config', () => {
    const example = read('node.example.json');
    expect(example.$schema).toBe('./docs/node-config.schema.json');
    const config = loadConfig({ file: new URL('node.example.json', root).pathname, env: {} });
    expect(config).toMatchObject({
      nodeId: 'zj-taishun',
      metrics: { host: '127.0.0.1', port: 9464 },
      database: { pool: { max: 10 } },
    });
  });
});
