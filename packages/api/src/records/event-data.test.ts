import { describe, expect, it } from 'vitest';
import { fileInputSchema } from './assistance/assistance-data.ts';
import { openInputSchema } from './mediation/mediation-data.ts';
import { issueInputSchema } from './notice/notice-data.ts';

const request = {
  requestingStation: 'fj-xixi',
  addressedStation: 'zj-luoyang',
  category: 'vehicle_check',
  priority: 'normal',
  title: 'Check a white van',
  details: 'Seen at 01:40.\nHeading north.',
};

/** The field paths a schema names when it refuses `input`. */
function refusedPaths(
  schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } },
  input: unknown,
) {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return (result.error as { issues: { path: PropertyKey[] }[] }).issues.map((i) => i.path.join('.'));
}

describe('single-line fields refuse control and bidi characters; prose keeps line feeds only', () => {
  it('accepts plain text, Chinese and line feeds in details', () => {
    expect(refusedPaths(fileInputSchema, { ...request, title: '协查一辆白色面包车' })).toEqual([]);
  });

  it.each([
    ['ESC colour', '\u001b[31mURGENT'],
    ['bell', 'normal\u0007'],
    ['backspace', 'ab\bc'],
    ['carriage return', 'a\rb'],
    ['line feed', 'a\nforged row'],
    ['C1 CSI', 'a\u009bb'],
    ['right-to-left override', 'gpj.\u202eexe'],
    ['isolate', 'a\u2066b\u2069'],
    ['left-to-right mark', 'a\u200eb'],
    ['line separator', 'a\u2028b'],
  ])('a title with a %s is refused, naming the title', (_, title) => {
    expect(refusedPaths(fileInputSchema, { ...request, title })).toEqual(['title']);
  });

  it('names, places and station ids are single-line too', () => {
    expect(
      refusedPaths(fileInputSchema, {
        ...request,
        requestingStation: 'fj-xixi\u0007',
        subjects: { persons: [{ name: '张\u202e某' }], vehicles: [{ plate: '闽J\r7K2X9' }] },
        incident: { place: '犀溪\u001b[2J' },
      }).sort(),
    ).toEqual([
      'incident.place',
      'requestingStation',
      'subjects.persons.0.name',
      'subjects.vehicles.0.plate',
    ]);
  });

  it('prose refuses every control but the line feed', () => {
    expect(refusedPaths(fileInputSchema, { ...request, details: 'a\u001b[31mb' })).toEqual(['details']);
    expect(refusedPaths(fileInputSchema, { ...request, details: 'a\r\nb' })).toEqual(['details']);
    expect(refusedPaths(fileInputSchema, { ...request, details: 'a\u202eb' })).toEqual(['details']);
  });

  it('notices and mediations use the same rule', () => {
    expect(
      refusedPaths(issueInputSchema, {
        kind: 'missing_person',
        issuingStation: 'fj-xixi',
        recipientStations: ['zj-luoyang'],
        subject: { name: '王\u0008某' },
        lastSeen: { place: 'bridge', time: '2025-06-14T01:40:00+08:00' },
        contactOfficer: { name: 'Li' },
        missing: { circumstances: 'Left home.\nNot back.' },
      }),
    ).toEqual(['subject.name']);
    expect(
      refusedPaths(openInputSchema, {
        openingStation: 'fj-xixi',
        partnerStation: 'zj-luoyang',
        disputeType: 'land_boundary',
        summary: 'Boundary stones moved.\nBoth sides claim the field.',
        mechanism: { kind: 'joint' },
        parties: [{ name: 'A\u001b]0;pwned\u0007', province: 'fujian', role: 'claimant' }],
      }),
    ).toEqual(['parties.0.name']);
  });
});
