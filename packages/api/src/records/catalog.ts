/**
 * The declared record types as plain data for clients (the CLI, the console): statuses with their
 * labels, and the creating action and each step with its procedure and labels. Importing it loads
 * the declarations (schemas and pure rules), never the node: no database, no server. Clients read
 * its JSON copy, `@tiemeng/api/record-catalog.json` (written by `npm run docs`, checked by a test),
 * so they load no schema at all.
 */
import { assistance } from './assistance/assistance-type.ts';
import type { Labels } from './define-record-type.ts';
import { mediation } from './mediation/mediation-type.ts';
import { notice } from './notice/notice-type.ts';

interface Declared<St extends string, P extends Record<string, string>> {
  type: string;
  statuses: readonly St[];
  statusLabels: Record<St, Labels>;
  create: { procedure: string; labels: Labels };
  procedures: P;
  actions: Record<string, { labels: Labels }>;
}

function catalogOf<St extends string, P extends Record<string, string>>(d: Declared<St, P>) {
  return {
    type: d.type,
    statuses: d.statuses,
    statusLabels: d.statusLabels,
    procedures: {
      [d.create.procedure]: d.create.labels,
      ...Object.fromEntries(
        Object.entries(d.procedures).map(([procedure, action]) => [procedure, d.actions[action]?.labels]),
      ),
    },
  };
}

export const recordCatalog = {
  assistance: catalogOf(assistance),
  notice: {
    ...catalogOf(notice),
    // `lapsed` is never stored (derived at read time from the signed review date) but lists show it.
    statusLabels: { ...notice.statusLabels, lapsed: { zh: '已失效', en: 'Lapsed' } },
  },
  mediation: catalogOf(mediation),
};

/** Every declared status of every record type with its labels (a status means the same in each). */
export const statusLabels: Readonly<Record<string, Labels>> = Object.assign(
  {},
  ...Object.values(recordCatalog).map((c) => c.statusLabels),
);
