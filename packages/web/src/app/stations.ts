import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { trpc } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from './query.ts';

export const STATIONS = api('admin.stations.list', undefined, () => trpc.admin.stations.list.query());

/** Station names in the officer's language, from `admin.stations.list` (any officer may read it). */
export function useStationName(): (id: string | null | undefined) => string {
  const { lang } = useI18n();
  const { data } = useQuery({ ...STATIONS, staleTime: 300_000 });
  return useCallback(
    (id) => {
      if (!id) return '—';
      const s = data?.find((x) => x.id === id);
      return s ? (lang === 'zh' ? s.nameZh : s.nameEn) : id;
    },
    [data, lang],
  );
}

/** The enabled stations of the officer's own node and of its partners, and a station's name in the officer's language. */
export function useStationChoices(ownNode: string) {
  const { lang } = useI18n();
  const { data } = useQuery(STATIONS);
  const enabled = (data ?? []).filter((s) => !s.disabled);
  return {
    own: enabled.filter((s) => s.nodeId === ownNode),
    partners: enabled.filter((s) => s.nodeId !== ownNode),
    nameOf: (s: { nameZh: string; nameEn: string }) => (lang === 'zh' ? s.nameZh : s.nameEn),
  };
}
