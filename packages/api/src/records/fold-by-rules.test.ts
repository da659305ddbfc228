import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RecordEvent } from '../events/record-type.ts';
import { foldByRules } from './fold-by-rules.ts';

const rules = { create: { data: z.object({ title: z.string() }).strict() } };
const event = (id: string, kind: string, data: unknown): RecordEvent => ({
  id,
  author: 'zj-taishun',
  hlc: `000000000000001.00000${id}`,
  at: new Date(1),
  kind,
  actor: { officer: null, station: null, roles: [] },
  data,
});

describe('the shared fold loop', () => {
  // Found by the fold properties: a peer's signed kind is free text, and `constructor` found
  // Object.prototype's member, which has no schema: the fold threw instead of rejecting the event.
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'rejects an event whose action is %s as unknown, and goes on',
    (kind) => {
      const out = foldByRules(
        [event('1', kind, {}), event('2', 'create', { title: 'a' })],
        rules,
        (o, _e, _kind, data) => {
          o.state = data;
          o.status = 'open';
          return undefined;
        },
      );
      expect(out.rejected).toEqual({ 1: `unknown action ${kind}` });
      expect(out.state).toEqual({ title: 'a' });
    },
  );
});
