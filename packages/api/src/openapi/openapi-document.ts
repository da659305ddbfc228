import { z } from 'zod';
import { errorCodes } from '../errors/error-codes.ts';
import { appRouter } from '../routers/app-router.ts';
import { type Audience, permissions } from '../trpc/permissions.ts';

/** A procedure as tRPC keeps it: its kind and the zod parsers of its input. */
interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  inputs: z.ZodType[];
}

type JsonObject = Record<string, unknown>;

/**
 * The officer procedures (every one an officer or anyone may call; the node procedures are left out)
 * as an OpenAPI 3.1 document of tRPC's plain-JSON wire, generated from the router itself: each
 * input's JSON Schema comes from its zod parser (`z.toJSONSchema`), so it cannot drift from what the
 * server accepts. Served at `/openapi.json`; `npm run docs` writes `docs/openapi.json`.
 *
 * @example
 * const doc = openApiDocument('0.1.0');
 * doc.paths['/trpc/assistance.file'].post.requestBody;
 */
export function openApiDocument(version: string) {
  const procedures = (
    appRouter as unknown as { _def: { procedures: Record<string, { _def: ProcedureDef }> } }
  )._def.procedures;
  const paths: Record<string, JsonObject> = {};
  for (const path of Object.keys(procedures).sort()) {
    const audience = permissions[path];
    if (audience === undefined || audience === 'node') continue;
    const def = procedures[path]!._def;
    paths[`/trpc/${path}`] = operationOf(path, def, audience);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tiemeng (铁盟警务) node API — officer procedures',
      version,
      description: [
        'tRPC 11 with plain JSON on the wire, so any language can call it.',
        'Queries are `GET /trpc/<path>?input=<url-encoded JSON>`; mutations are `POST /trpc/<path>`',
        'with the JSON input as the body; `feed.live` is a Server-Sent Events stream.',
        'A successful answer is `{ "result": { "data": … } }`; every error has the shape of `Error`,',
        'with a stable `data.appCode` and messages in English (`message`) and Chinese (`data.messageZh`).',
        'Sign in with `auth.login`, then send `Authorization: Bearer <token>`; `auth.refresh` renews it.',
        'Every call is audited.',
      ].join(' '),
    },
    servers: [{ url: '/', description: 'the node itself' }],
    tags: [...new Set(Object.keys(paths).map((p) => p.split('/')[2]!.split('.')[0]!))].map((name) => ({
      name,
    })),
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The `token` answered by `auth.login` or `auth.refresh`.',
        },
      },
      schemas: { Error: errorSchema() },
      responses: {
        Error: {
          description:
            'A typed error: bad input (400), no or invalid token (401), a role or party not allowed (403), ' +
            'not found (404), a conflict with the record state (409), …',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  };
}

function operationOf(path: string, def: ProcedureDef, audience: Exclude<Audience, 'node'>): JsonObject {
  const input = def.inputs[0] ? inputSchema(def.inputs) : undefined;
  const roles = audience === 'public' ? 'anyone (no sign-in)' : `roles: ${audience.join(', ')}`;
  const operation: JsonObject = {
    operationId: path.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase()),
    tags: [path.split('.')[0]],
    summary: `${path} (${def.type}; ${roles})`,
    'x-tiemeng-roles': audience === 'public' ? [] : [...audience],
    ...(audience === 'public' ? { security: [] } : { security: [{ bearer: [] }] }),
    responses: {
      '200': def.type === 'subscription' ? streamAnswer() : resultAnswer(),
      default: { $ref: '#/components/responses/Error' },
    },
  };
  if (def.type === 'mutation') {
    if (input) operation.requestBody = { required: true, content: { 'application/json': { schema: input } } };
    return { post: operation };
  }
  if (input) {
    operation.parameters = [
      {
        name: 'input',
        in: 'query',
        required: !acceptsUndefined(def.inputs),
        description: 'The input as URL-encoded JSON.',
        content: { 'application/json': { schema: input } },
      },
    ];
  }
  return { get: operation };
}

/** The JSON Schema of what a procedure accepts (its input parsers, merged by tRPC, are nearly always one). */
function inputSchema(inputs: z.ZodType[]): JsonObject {
  const schemas = inputs.map((i) => {
    const { $schema: _, ...schema } = z.toJSONSchema(i, {
      io: 'input',
      unrepresentable: 'any',
    }) as JsonObject;
    return schema;
  });
  return schemas.length === 1 ? schemas[0]! : { allOf: schemas };
}

function acceptsUndefined(inputs: z.ZodType[]): boolean {
  return inputs.every((i) => i.safeParse(undefined).success);
}

function resultAnswer(): JsonObject {
  return {
    description: 'The answer, as `result.data`.',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: { result: { type: 'object', properties: { data: {} }, required: ['data'] } },
          required: ['result'],
        },
      },
    },
  };
}

function streamAnswer(): JsonObject {
  return {
    description:
      'Server-Sent Events: each `data:` line is a JSON item, its `id:` the position to resume from ' +
      '(`lastEventId` in the input); a refused subscription sends one `serialized-error` event.',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  };
}

function errorSchema(): JsonObject {
  return {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['message', 'code', 'data'],
        properties: {
          message: { type: 'string', description: 'In English.' },
          code: { type: 'integer', description: 'The JSON-RPC code tRPC gives (e.g. -32600).' },
          data: {
            type: 'object',
            required: ['code', 'httpStatus', 'appCode', 'messageZh'],
            properties: {
              code: { type: 'string', description: "tRPC's code, e.g. BAD_REQUEST." },
              httpStatus: { type: 'integer' },
              path: { type: 'string' },
              requestId: {
                type: 'string',
                description: 'Also in the `x-request-id` header and the audit row.',
              },
              appCode: {
                type: 'string',
                enum: Object.keys(errorCodes),
                description: 'The stable Tiemeng code.',
              },
              messageZh: { type: 'string', description: 'In Chinese.' },
              fields: {
                type: 'array',
                description: 'Which input fields are wrong (INVALID_INPUT).',
                items: {
                  type: 'object',
                  properties: { path: { type: 'string' }, message: { type: 'string' } },
                  required: ['path', 'message'],
                },
              },
              details: { type: 'object', description: 'Code-specific facts, e.g. `expectedSeq`.' },
            },
          },
        },
      },
    },
  };
}
