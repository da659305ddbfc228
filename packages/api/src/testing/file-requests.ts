import type { NodeServices } from '../node/node-services.ts';
import { actAs } from './officers.ts';

/** An urgent request from Luoyang (zj) to Xixi (fj), numbered so each one is told apart. */
export function urgentRequest(n: number) {
  return {
    requestingStation: 'zj-luoyang',
    addressedStation: 'fj-xixi',
    category: 'suspect_pursuit' as const,
    priority: 'urgent' as const,
    title: `协查请求 ${n}`,
    details: 'Two suspects fled across the line by car; please check the roads towards Xixi.',
    subjects: { persons: [{ sex: 'male' as const, approximateAge: 30 }], vehicles: [] },
  };
}

/** An in-process caller signed in as `zj.officer`, who files requests to fj. */
export type FilingOfficer = Awaited<ReturnType<typeof actAs>>;

/** Signs in as `zj.officer` on a zj node. */
export const filingOfficer = (node: { services: NodeServices }): Promise<FilingOfficer> =>
  actAs(node, 'zj.officer');

/**
 * Files `count` urgent requests (numbered from `first`) as `officer`, `concurrency` calls at a time,
 * through the procedure officers call (`assistance.file`: middleware, service, audit row), in
 * process. Answers the record ids in the order the calls answered.
 */
export async function fileRequests(
  officer: FilingOfficer,
  count: number,
  concurrency: number,
  first = 1,
): Promise<string[]> {
  const ids: string[] = [];
  let next = first;
  const end = first + count;
  const caller = async () => {
    while (next < end) {
      const request = await officer.assistance.file(urgentRequest(next++));
      ids.push(request.id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, caller));
  return ids;
}
