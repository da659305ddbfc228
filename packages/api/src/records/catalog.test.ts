import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordCatalog } from './catalog.ts';

describe('the record catalog clients read', () => {
  it('is the JSON copy of the declarations (run `npm run docs` after changing one)', () => {
    const copy = JSON.parse(readFileSync(new URL('../../record-catalog.json', import.meta.url), 'utf8'));
    expect(copy).toEqual(JSON.parse(JSON.stringify(recordCatalog)));
  });

  it('labels every status a list can show, lapsed notices included', () => {
    expect(Object.keys(recordCatalog.notice.statusLabels).sort()).toEqual(['active', 'lapsed', 'resolved']);
    for (const type of Object.values(recordCatalog))
      for (const labels of Object.values(type.statusLabels)) expect(labels.zh && labels.en).toBeTruthy();
  });
});
