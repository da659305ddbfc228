import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FoldOutput, RecordEvent } from '../events/record-type.ts';
import { defineRecordType } from './define-record-type.ts';

interface NoteState {
  owner: string;
  title: string;
}

/** The smallest declared type: created with a title, closed by its owner. */
const note = defineRecordType({
  type: 'note',
  noun: 'note',
  statuses: ['open', 'closed'],
  statusLabels: { open: { zh: '开', en: 'open' }, closed: { zh: '关', en: 'closed' } },
  sideFields: ['owner'],
  sides: { owner: { holds: (s, node) => node === s.owner, refusal: 'only the owner', name: 'owner' } },
  stationsOf: () => [],
  missing: 'no note',
  refuseFrom: (status) => `the note is ${status}`,
  create: {
    action: 'create',
    procedure: 'create',
    roles: ['officer'],
    labels: { zh: '新建', en: 'Create' },
    data: z.object({ title: z.string() }).strict(),
    exists: 'the note exists',
    apply(data, { event }) {
      const state: NoteState = { owner: event.author, title: data.title };
      return { state, parties: [event.author], status: 'open' };
    },
  },
  actions: {
    close: {
      side: 'owner',
      from: ['open'],
      to: 'closed',
      data: z.object({}).strict(),
      roles: ['officer'],
      human: 'close',
      labels: { zh: '关闭', en: 'Close' },
      apply: () => undefined,
    },
  },
  procedures: { close: 'close' },
  reads: {},
  // Typed here, this names the state type for the whole declaration (as each type's facts function does).
  facts: (_fold: FoldOutput<NoteState | null>) => [],
  concernsStation: () => true,
  headline: () => ({}),
});

const event = (id: string, kind: string, data: unknown, author = 'zj-taishun'): RecordEvent => ({
  id,
  author,
  hlc: `000000000000001.00000${id}`,
  at: new Date(1),
  kind,
  actor: { officer: null, station: null, roles: [] },
  data,
});

describe('the fold a declaration derives', () => {
  // Found by the fold properties: a peer's signed kind is free text, and `constructor` found
  // Object.prototype's member, which has no schema: the fold threw instead of rejecting the event.
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'rejects an event whose action is %s as unknown, and goes on',
    (kind) => {
      const out = note.fold([event('1', kind, {}), event('2', 'create', { title: 'a' })]);
      expect(out.rejected).toEqual({ 1: `unknown action ${kind}` });
      expect(out.state).toEqual({ owner: 'zj-taishun', title: 'a' });
    },
  );

  it('names the rule a refused step breaks: the side (NOT_PARTY) or the status (ILLEGAL_TRANSITION)', () => {
    const out = note.fold([
      event('1', 'create', { title: 'a' }),
      event('2', 'close', {}, 'fj-shouning'),
      event('3', 'close', {}),
      event('4', 'close', {}),
    ]);
    expect(out.refusals).toEqual({
      2: { code: 'NOT_PARTY', reason: 'only the owner' },
      4: { code: 'ILLEGAL_TRANSITION', reason: 'the note is closed' },
    });
    expect(out.status).toBe('closed');
  });
});
