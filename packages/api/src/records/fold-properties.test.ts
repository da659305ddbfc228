import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatHlc } from '../events/hlc.ts';
import { compareEvents, type FoldOutput, type RecordEvent } from '../events/record-type.ts';
import { project } from '../events/refold.ts';
import { type ChoiceTape, choiceTape } from '../testing/fuzz/choice-tape.ts';
import { checkProperty, reportCases } from '../testing/fuzz/fuzz-run.ts';
import { breakRules, FJ, playbooks, STRANGER, writeStory, ZJ } from '../testing/fuzz/record-stories.ts';
import { schemaArbitrary } from '../testing/fuzz/schema-arbitrary.ts';
import { builtInRecordTypes } from './built-in.ts';

/**
 * Properties every record type's fold must have, on generated stories (see record-stories.ts): the
 * events' arrival order does not matter, two nodes fed the same events agree on `state_hash`, and an
 * event that breaks a rule changes nothing. Cases per property and type:
 */
const RUNS = 700;
/** Cases of arbitrary events per type: cheap, as nothing guides them. */
const RUNS_ANY = 600;
const T0 = Date.UTC(2025, 0, 1);
const DAY = 24 * 60 * 60_000;

const canonical = (events: Iterable<RecordEvent>) => [...events].sort(compareEvents);
/** What a fold decides, apart from which events it rejected. */
const effect = ({ owner, parties, status, state }: FoldOutput<unknown>) => ({
  owner,
  parties,
  status,
  state,
});
const without = (rejected: Record<string, string>, ids: readonly string[]) =>
  Object.fromEntries(Object.entries(rejected).filter(([id]) => !ids.includes(id)));

/** Freezes the events deeply: a fold must not change what it was given. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) frozen(v);
  }
  return value;
}

/** A value as it comes back from a jsonb column: through JSON, keys shorter-first then by bytes. */
function asJsonb(value: unknown): unknown {
  const order = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  const rebuild = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(rebuild)
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(
            Object.keys(v)
              .sort(order)
              .map((k) => [k, rebuild((v as Record<string, unknown>)[k])]),
          )
        : v;
  return rebuild(JSON.parse(JSON.stringify(value)));
}

const stored = (e: RecordEvent): RecordEvent => ({
  ...e,
  at: new Date(e.at.toISOString()),
  actor: asJsonb(e.actor) as RecordEvent['actor'],
  data: asJsonb(e.data),
});

afterAll(() => reportCases('records/fold-properties.test.ts'));

for (const book of playbooks) {
  const type = builtInRecordTypes.find((t) => t.type === book.type);
  if (!type) throw new Error(`no record type ${book.type}`);
  const fold = (events: readonly RecordEvent[]) => type.fold(events);
  const story = (t: ChoiceTape) => writeStory(book, fold, t);

  describe(`${book.type} fold`, () => {
    it('folds to the same projection whatever order the events arrive in, without changing them', () => {
      const statuses = new Map<string, number>();
      let accepted = 0;
      checkProperty(
        fc.property(choiceTape(), choiceTape(), (t, arrival) => {
          const events = story(t);
          const expected = project(type, canonical(events));
          const arrived = frozen(arrival.shuffle(events));
          expect(project(type, canonical(arrived))).toEqual(expected);
          expect(project(type, canonical(arrived)).stateHash).toBe(expected.stateHash);
          statuses.set(expected.status, (statuses.get(expected.status) ?? 0) + 1);
          accepted += expected.timeline.filter((entry) => entry.status === 'accepted').length;
        }),
        RUNS,
      );
      console.log(
        `[fuzz] ${book.type}: ${(accepted / RUNS).toFixed(1)} accepted events per story; stories end`,
        Object.fromEntries(statuses),
      );
      // The generator must take records deep into their lifecycle, or the properties say little.
      expect(accepted / RUNS).toBeGreaterThan(3);
    });

    it('two nodes fed different interleavings, duplicates and stored copies reach the same state_hash', () => {
      /** One node: takes the events in the order the network delivers them, refolding now and then. */
      const node = (events: readonly RecordEvent[], network: ChoiceTape, asStored: boolean) => {
        const arrivals = network.shuffle([...events, ...network.some(events)]);
        const held = new Map<string, RecordEvent>();
        for (const e of arrivals) {
          held.set(e.id, asStored ? stored(e) : e);
          // Any subset must fold (a step may arrive before the record's first event).
          if (network.chance(10)) project(type, canonical(held.values()));
        }
        return project(type, canonical(held.values())).stateHash;
      };
      checkProperty(
        fc.property(choiceTape(), choiceTape(), (t, network) => {
          const events = story(t);
          const zj = node(events, network, false);
          const fj = node(events, network, true);
          expect(fj).toBe(zj);
          expect(zj).toBe(project(type, canonical(events)).stateHash);
        }),
        RUNS,
      );
    });

    it('folds any events at all — any action, author or data — rejecting what it does not accept', () => {
      const kinds = [...Object.keys(book.actions), 'constructor', '__proto__', 'toString', 'shred'];
      const data = Object.fromEntries(
        Object.entries(book.actions).map(([kind, rule]) => [kind, schemaArbitrary(rule.data)]),
      );
      const anyEvent = fc
        .tuple(
          fc.constantFrom(...kinds),
          fc.uuid(),
          fc.constantFrom(ZJ, FJ, STRANGER),
          fc.nat(400 * DAY),
          fc.nat(3),
        )
        .chain(([kind, id, author, offset, logical]) =>
          fc
            .oneof(Object.hasOwn(data, kind) ? data[kind]! : fc.jsonValue(), fc.jsonValue({ maxDepth: 3 }))
            .map(
              (d): RecordEvent => ({
                id,
                author,
                hlc: formatHlc(T0 + offset, logical),
                at: new Date(T0 + offset),
                kind,
                actor: { officer: null, station: null, roles: [] },
                data: d,
              }),
            ),
        );
      checkProperty(
        fc.property(
          choiceTape(40),
          fc.uniqueArray(anyEvent, { maxLength: 12, selector: (e) => e.id }),
          (t, extra) => {
            const events = canonical([...writeStory(book, fold, t, 3), ...extra]);
            const out = fold(events);
            for (const [id, reason] of Object.entries(out.rejected)) {
              expect(events.map((e) => e.id)).toContain(id);
              expect(reason).toMatch(/\S/);
            }
            expect(project(type, events, out).stateHash).toMatch(/^[0-9a-f]{64}$/);
          },
        ),
        RUNS_ANY,
      );
    });

    it('an event that breaks a rule never changes the state, and is marked rejected', () => {
      checkProperty(
        fc.property(choiceTape(), (t) => {
          const events = canonical(story(t));
          const base = fold(events);
          // Each event the story's own fold rejected: leaving it out changes nothing else.
          for (const id of Object.keys(base.rejected)) {
            const out = fold(events.filter((e) => e.id !== id));
            expect(effect(out)).toEqual(effect(base));
            expect(out.rejected).toEqual(without(base.rejected, [id]));
          }
          // Events no fold may accept, slipped in anywhere: each is rejected, and nothing else moves.
          const bad = breakRules(book, t, events, t.int(1, 3));
          const all = canonical([...events, ...bad]);
          const out = fold(all);
          const ids = bad.map((e) => e.id);
          for (const id of ids) expect(out.rejected[id], `event ${id}`).toMatch(/\S/);
          expect(effect(out)).toEqual(effect(base));
          expect(without(out.rejected, ids)).toEqual(base.rejected);
          const timeline = project(type, all, out).timeline.filter((entry) => ids.includes(entry.eventId));
          expect(timeline.map((entry) => entry.status)).toEqual(ids.map(() => 'rejected'));
        }),
        RUNS,
      );
    });
  });
}
