import type { NodeServices } from '../node/node-services.ts';
import { type DemoSide, demoOfficers } from './demo-topology.ts';

/** Creates the demo accounts that do not exist yet (idempotent). */
export async function seedDemoOfficers(services: NodeServices, side: DemoSide): Promise<number> {
  const existing = new Set(
    (await services.admin.officers.list({ includeDisabled: true })).map((o) => o.username),
  );
  let created = 0;
  for (const officer of demoOfficers(side)) {
    if (existing.has(officer.username)) continue;
    await services.admin.officers.create(services.db, officer);
    created++;
  }
  return created;
}
