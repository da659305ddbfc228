import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { z } from 'zod';
import { DEMO_PASSWORD } from '../demo/demo-topology.ts';
import { errorCodes } from '../errors/error-codes.ts';
import { issueNodeToken } from '../peer/node-token.ts';
import { appRouter } from '../routers/app-router.ts';
import { checkAsyncProperty, reportCases } from '../testing/fuzz/fuzz-run.ts';
import { hostileInput, INVALID_UTF8, type WireInput } from '../testing/fuzz/hostile-input.ts';
import { schemaArbitrary } from '../testing/fuzz/schema-arbitrary.ts';
import { countChanges, type TableCounts, tableCounter } from '../testing/fuzz/table-counts.ts';
import { actAs, callerFor, startTestPair, type TestPair, urgentRequest } from '../testing/index.ts';
import { type Audience, permissions } from '../trpc/permissions.ts';

/**
 * Every procedure of the app router, found by walking it (a procedure added later is fuzzed too),
 * called over real HTTP on a real node with inputs derived from its own zod schema and mutated in
 * the classic ways (see hostile-input.ts), by an authorised caller — an officer whose role the
 * permission table allows, or the peer node with a valid node token — and sometimes by the wrong one.
 * Whatever comes, the answer is never a 500 nor a stack, every error has the typed shape with a code
 * of the error-code table and a request id, one audit row is written per call, and a call that
 * fails changes no other table (apart from the side effects below, which are meant to outlast it).
 */

/** Cases per procedure; procedures that take no input get fewer (only the caller and form vary). */
const RUNS = 45;
const RUNS_WITHOUT_INPUT = 8;

/**
 * Tables a failed call may still change, by design: a node token is spent even when its call fails
 * (replay protection), and failed sign-ins are counted (throttling) — both commit on their own.
 */
const KEPT_ON_FAILURE: { procedures: (path: string) => boolean; tables: RegExp; why: string }[] = [
  {
    procedures: (path) => audienceOf(path) === 'node',
    tables: /^node_token_jti$/,
    why: 'a node token is spent even if its call fails',
  },
  {
    procedures: (path) => path.startsWith('auth.'),
    tables: /^sign_in_/,
    why: 'failed sign-ins are counted for throttling',
  },
  {
    procedures: (path) => path === 'sync.push',
    tables: /^sync_incident$/,
    why: 'a refused push is kept as evidence',
  },
];

/** Who may call a procedure; one missing from the table is refused to all (tried as an admin). */
const audienceOf = (path: string): Audience => (permissions as Record<string, Audience>)[path] ?? ['admin'];

/** The node's limit on a request line and headers (README, Errors). */
const MAX_REQUEST_LINE = 16 * 1024;

/** Known defects still open, skipped here so the suite stays green: each names the defect. */
const SKIPPED: Record<string, string> = {};

interface Procedure {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  input: z.ZodType | undefined;
}

const procedures: Procedure[] = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, { _def: Record<string, unknown> }> } })._def
    .procedures,
).map(([path, p]) => ({
  path,
  type: p._def.type as Procedure['type'],
  input: (p._def.inputs as z.ZodType[])[0],
}));

/** How long the fuzz listens to a feed it opened. */
const FEED_LISTEN_MS = 300;

/** What a stream says in its first moments, then closed. */
async function openingOf(res: Response, controller: AbortController): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const until = Date.now() + FEED_LISTEN_MS;
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), FEED_LISTEN_MS));
  while (Date.now() < until) {
    const chunk = await Promise.race([reader.read(), timeout]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  controller.abort();
  return text;
}

/** `bytes` with each INVALID_UTF8 (EF BF BF) swapped for FF FE. */
function bytesWithInvalidUtf8(bytes: Buffer): Buffer {
  const marker = Buffer.from(INVALID_UTF8, 'utf8');
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, from)) {
    parts.push(bytes.subarray(from, at), Buffer.from([0xff, 0xfe]));
    from = at + marker.length;
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

interface ErrorShape {
  message: string;
  code: number;
  data: {
    code: string;
    httpStatus: number;
    path?: string;
    requestId: string;
    appCode: string;
    messageZh: string;
  };
}

describe('every procedure, fuzzed over HTTP', () => {
  let pair: TestPair;
  let counts: () => Promise<TableCounts>;
  const tokens = new Map<string, string>();
  /** Strings worth offering to inputs: ids that exist, so calls get past "not found". */
  const pool: string[] = ['zj-luoyang', 'fj-xixi', 'zj-taishun', 'fj-shouning'];

  beforeAll(async () => {
    // Two nodes, so node procedures get tokens from a real peer key; no delivery between them, so
    // nothing but the fuzzed call writes while the counts are compared.
    pair = await startTestPair(inject('testServerUrl'), { delivery: false });
    counts = await tableCounter(pair.zj.services.db);
    for (const role of ['officer', 'duty', 'command', 'auditor', 'admin']) {
      const { token } = await callerFor(pair.zj.services).auth.login({
        username: `zj.${role}`,
        password: DEMO_PASSWORD,
      });
      tokens.set(role, token);
    }
    const officer = await actAs(pair.zj, 'zj.officer');
    const request = await officer.assistance.file(urgentRequest(1));
    const notice = await officer.notice.issue({
      kind: 'missing_person',
      issuingStation: 'zj-luoyang',
      recipientStations: ['fj-xixi'],
      subject: { name: '李某' },
      lastSeen: { place: '罗阳镇', time: '2025-06-01T20:00:00+08:00' },
      contactOfficer: { name: '王警官' },
      missing: { circumstances: '离家未归' },
    });
    const mediation = await officer.mediation.open({
      openingStation: 'zj-luoyang',
      partnerStation: 'fj-xixi',
      disputeType: 'land_boundary',
      summary: '茶园地界纠纷',
      mechanism: { kind: 'joint' },
    });
    pool.push(request.id, notice.id, mediation.id);
  });
  afterAll(async () => {
    await pair?.destroy();
    reportCases('http/procedure-fuzz.test.ts');
  });

  /** The bearer token for a call: `authorised` as the table says, else a wrong one. */
  async function bearer(path: string, who: number, body: string): Promise<string | undefined> {
    const audience = audienceOf(path);
    if (who % 10 === 7) return undefined;
    if (who % 10 === 8) return 'not-a-token';
    if (audience === 'public') return who % 10 === 9 ? tokens.get('officer') : undefined;
    if (audience === 'node') {
      if (who % 10 === 9) return tokens.get('admin');
      return issueNodeToken(pair.fj.services.signer, pair.zj.services.config.nodeId, path, body);
    }
    const allowed = [...tokens.keys()].filter((role) => audience.includes(role as never));
    const refused = [...tokens.keys()].filter((role) => !audience.includes(role as never));
    const pick = who % 10 === 9 && refused.length > 0 ? refused : allowed.length > 0 ? allowed : refused;
    return tokens.get(pick[Math.floor(who / 10) % pick.length]!);
  }

  /** One call over HTTP in one of the wire forms: plain, batched, or with the wrong method. */
  async function send(p: Procedure, input: WireInput, form: number, who: number) {
    const batched = form % 10 === 8;
    const wrongMethod = form % 10 === 9;
    const post = (p.type === 'mutation') !== wrongMethod;
    const text = batched ? `{"0":${input.text ?? '{}'}}` : input.text;
    const url = new URL(`/trpc/${p.path}`, pair.zj.url);
    if (batched) url.searchParams.set('batch', '1');
    if (!post && text !== undefined) url.searchParams.set('input', text);
    // Bytes that are not UTF-8 (see INVALID_UTF8) in the query or the body.
    url.search = url.search.replaceAll('%EF%BF%BF', '%FF%FE');
    const body = post ? (text ?? '') : (url.searchParams.get('input') ?? '');
    const sent = post ? bytesWithInvalidUtf8(Buffer.from(body, 'utf8')) : undefined;
    // A node token's body hash covers the body as the node decodes it.
    const token = await bearer(p.path, who, sent ? sent.toString('utf8') : body);
    const controller = new AbortController();
    const res = await fetch(url, {
      method: post ? 'POST' : 'GET',
      headers: {
        ...(post ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: sent,
      signal: controller.signal,
    }).catch((err: Error) => {
      // A request line over 16 KB is answered 431 and the connection closed, possibly while the
      // client is still sending it: the client may then see the reset (or undici's "other side
      // closed") instead of the answer.
      const closed = /ECONNRESET|EPIPE|UND_ERR_SOCKET|other side closed/;
      if (
        url.href.length > MAX_REQUEST_LINE &&
        closed.test(`${err.cause} ${(err.cause as { code?: string })?.code}`)
      )
        return undefined;
      throw err;
    });
    if (!res) return { status: 431, text: '', stream: false };
    // A subscription answers with a stream that lasts until stopped: the fuzz reads its opening
    // (and the error a refused one sends) for a moment, then closes it.
    if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
      return { status: res.status, text: await openingOf(res, controller), stream: true };
    }
    return { status: res.status, text: await res.text(), stream: false };
  }

  /**
   * The typed error shape, with a code of the table and a request id; never a stack. Answers whether
   * any call of the request worked.
   */
  function expectTypedAnswer(status: number, text: string, statusInBody = true): boolean {
    expect(status, text.slice(0, 500)).toBeLessThan(500);
    if (text === '' && status === 431) return false; // the connection was reset (see send)
    expect(text).not.toMatch(/\bat [^\n]*\.(ts|js):\d+|"stack"/);
    const body = JSON.parse(text) as unknown;
    const answers = (Array.isArray(body) ? body : [body]) as { error?: ErrorShape; result?: unknown }[];
    let worked = false;
    for (const answer of answers) {
      if (!answer.error) {
        expect(answer).toHaveProperty('result');
        worked = true;
        continue;
      }
      const { data, message } = answer.error;
      const shown = text.slice(0, 500);
      expect(Object.keys(errorCodes), shown).toContain(data.appCode);
      expect(data.requestId, shown).toMatch(/\S/);
      expect(message, shown).toMatch(/\S/);
      expect(data.messageZh, shown).toMatch(/\S/);
      // A batch answers 207 when its calls differ; each call then carries its own status.
      if (!Array.isArray(body) && statusInBody) expect(data.httpStatus, shown).toBe(status);
    }
    return worked;
  }

  for (const p of procedures) {
    const skip = SKIPPED[p.path];
    it.skipIf(skip !== undefined)(`${p.path} (${p.type})`, async () => {
      const derived = p.input
        ? schemaArbitrary(p.input, p.path.startsWith('admin.') ? [] : pool)
        : fc.constant({});
      await checkAsyncProperty(
        fc.asyncProperty(hostileInput(derived), fc.nat(), fc.nat(), async (input, form, who) => {
          const before = await counts();
          const { status, text, stream } = await send(p, input, form, who);
          // One audit row per request — each call, the request refused before any procedure took it,
          // a feed as it opens — committed before the answer; none for a request line over 16 KB.
          const audited = status === 431 ? 0 : 1;
          const moved = countChanges(before, await counts());
          if (process.env.FUZZ_DEBUG)
            console.log(
              JSON.stringify({
                p: p.path,
                m: input.mutation,
                form: form % 10,
                who: who % 10,
                status,
                moved,
                text: text.slice(0, 300),
              }),
            );
          if (stream) {
            // The error a refused feed sends in its stream has the typed shape too.
            const refused = text.match(/^data: (\{"message".*)$/m)?.[1];
            if (refused) expectTypedAnswer(400, `{"error":${refused}}`, false);
            expect(moved.audit_log ?? 0, `audit rows of a feed: ${text.slice(0, 300)}`).toBe(1);
            return; // a feed that opened may say more later; what it changes is not a refusal's
          }
          const worked = expectTypedAnswer(status, text);
          expect(moved.audit_log ?? 0, `audit rows after ${input.mutation}`).toBe(audited);
          if (worked) return; // a call that worked may change what it says it changes
          const kept = KEPT_ON_FAILURE.filter((k) => k.procedures(p.path));
          const changed = Object.keys(moved).filter(
            (table) => table !== 'audit_log' && !kept.some((k) => k.tables.test(table)),
          );
          expect(
            changed,
            `tables changed by a failed call (${input.mutation}): ${JSON.stringify(moved)}`,
          ).toEqual([]);
        }),
        p.input ? RUNS : RUNS_WITHOUT_INPUT,
      );
    });
  }

  it('finds every procedure of the permission table by walking the router', () => {
    const walked = procedures.map((p) => p.path);
    for (const path of Object.keys(permissions)) expect(walked).toContain(path);
  });
});
