/** Sync incidents: forged, divergent or conflicting entries a partner sent, kept as evidence. */
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../api/client.ts';
import { api } from '../../app/query.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

export function IncidentsTable() {
  const { t, dateTime } = useI18n();
  const incidents = useQuery(api('sync.incidents', { limit: 50 }, (i) => trpc.sync.incidents.query(i)));
  if (incidents.isPending) return <Loading />;
  if (incidents.error) return <ErrorBox error={incidents.error} />;
  if (incidents.data.length === 0) return <p className="muted">{t('audit.noIncidents')}</p>;
  return (
    <div className="table-wrap">
      <table className="grid compact" data-testid="incidents">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('audit.time')}</th>
            <th scope="col">{t('links.peer')}</th>
            <th scope="col">{t('field.kind')}</th>
            <th scope="col">{t('step.seq')}</th>
            <th scope="col">{t('field.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {incidents.data.map((i) => (
            <tr key={i.id}>
              <td className="num">{i.id}</td>
              <td className="nowrap">{dateTime(i.at)}</td>
              <td>{i.peer}</td>
              <td className="mono small">{i.kind}</td>
              <td className="num">{i.seq ?? '—'}</td>
              <td>{i.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
