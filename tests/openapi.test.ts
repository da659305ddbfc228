import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { permissions, startTestNode, type TestNode } from '@tiemeng/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const checkedIn = path.resolve(import.meta.dirname, '../docs/openapi.json');

interface Operation {
  operationId: string;
  security: unknown[];
  parameters?: { name: string; in: string; content: Record<string, { schema: unknown }> }[];
  requestBody?: { content: Record<string, { schema: { required?: string[] } }> };
}
type Document = { openapi: string; paths: Record<string, { get?: Operation; post?: Operation }> };

describe('a partner system reads the officer API from /openapi.json', () => {
  let node: TestNode;
  let doc: Document;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj' });
    const res = await fetch(`${node.url}/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Document;
  });
  afterAll(() => node.destroy());

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('covers every officer procedure and no node procedure', () => {
    const officerProcedures = Object.entries(permissions)
      .filter(([, audience]) => audience !== 'node')
      .map(([p]) => `/trpc/${p}`)
      .sort();
    expect(Object.keys(doc.paths).sort()).toEqual(officerProcedures);
  });

  it('describes the tRPC wire: mutations POST their JSON input, queries GET it as ?input=, with bearer auth', () => {
    const file = doc.paths['/trpc/assistance.file']!.post!;
    expect(file.security).toEqual([{ bearer: [] }]);
    expect(file.requestBody!.content['application/json']!.schema.required).toEqual(
      expect.arrayContaining(['requestingStation', 'addressedStation', 'category', 'priority', 'title']),
    );
    const list = doc.paths['/trpc/assistance.list']!.get!;
    expect(list.parameters![0]).toMatchObject({ name: 'input', in: 'query' });
    expect(list.parameters![0]!.content['application/json']).toBeDefined();
    expect(doc.paths['/trpc/auth.login']!.post!.security).toEqual([]);
    expect(doc.paths['/trpc/auth.me']!.get!.parameters).toBeUndefined();
  });

  it('is checked into docs/openapi.json, up to date', () => {
    const stale = 'docs/openapi.json is stale: run `npm run docs` and commit it';
    expect(JSON.parse(readFileSync(checkedIn, 'utf8')), stale).toEqual(doc);
  });
});
