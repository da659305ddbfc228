/** Administration (admin): stations and officers — list, create, disable — and signing key rotation. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { trpc } from '../../api/client.ts';
import { api } from '../../app/query.ts';
import { STATIONS } from '../../app/stations.ts';
import { ErrorBox, fieldError, ListTable, useErrorView } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/zh.ts';

const ROLES = ['officer', 'duty', 'command', 'auditor', 'admin'] as const;

export default function AdminScreen() {
  const { t } = useI18n();
  return (
    <section>
      <div className="page-head">
        <h1>{t('admin.title')}</h1>
      </div>
      <KeyRotation />
      <Stations />
      <Officers />
    </section>
  );
}

/** A small create form: labelled text inputs, inline errors from the node, one submit button. */
function CreateForm({
  fields,
  submit,
  onDone,
  extra,
  values,
  setValues,
}: {
  fields: { name: string; label: MessageKey; type?: string }[];
  submit: () => Promise<unknown>;
  onDone: () => void;
  extra?: ReactNode;
  values: Record<string, string>;
  setValues: (v: Record<string, string>) => void;
}) {
  const { t } = useI18n();
  const view = useErrorView();
  const create = useMutation({ mutationFn: submit, onSuccess: onDone });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="form-grid create-form" onSubmit={onSubmit} noValidate>
      {fields.map((f) => {
        const err = fieldError(create.error, view, f.name);
        return (
          <div key={f.name} className="field">
            <label htmlFor={`create-${f.name}`}>{t(f.label)}</label>
            <input
              id={`create-${f.name}`}
              type={f.type ?? 'text'}
              value={values[f.name] ?? ''}
              aria-invalid={Boolean(err)}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
            />
            {err ? <span className="field-error">{err}</span> : null}
          </div>
        );
      })}
      {extra}
      {create.error && view(create.error).fields.length === 0 ? (
        <div className="field-wide">
          <ErrorBox error={create.error} />
        </div>
      ) : null}
      <div className="form-actions field-wide">
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('admin.create')}
        </button>
      </div>
    </form>
  );
}

/** "Disabled", or a button that disables `name` once the admin confirms. */
function DisableCell({
  disabled,
  name,
  onDisable,
}: {
  disabled: boolean;
  name: string;
  onDisable: () => void;
}) {
  const { t } = useI18n();
  return (
    <td>
      {disabled ? (
        <span className="badge tone-muted">{t('admin.disabled')}</span>
      ) : (
        <button
          type="button"
          className="danger"
          onClick={() => window.confirm(`${t('admin.disable')} ${name}?`) && onDisable()}
        >
          {t('admin.disable')} <span className="visually-hidden">{name}</span>
        </button>
      )}
    </td>
  );
}

function Stations() {
  const { t } = useI18n();
  const client = useQueryClient();
  const stations = useQuery(STATIONS);
  const [values, setValues] = useState<Record<string, string>>({});
  const disable = useMutation({
    mutationFn: (id: string) => trpc.admin.stations.disable.mutate({ id }),
    onSuccess: () => client.invalidateQueries({ queryKey: STATIONS.queryKey }),
  });
  return (
    <section className="panel">
      <h2>{t('admin.stations')}</h2>
      <ListTable
        query={stations}
        items={stations.data}
        empty="—"
        compact
        headers={[
          t('admin.stationId'),
          t('admin.nameZh'),
          t('admin.nameEn'),
          t('admin.nodeId'),
          t('admin.province'),
          t('desk.status'),
        ]}
      >
        {(s) => (
          <tr key={s.id}>
            <td className="mono small">{s.id}</td>
            <td>{s.nameZh}</td>
            <td>{s.nameEn}</td>
            <td>{s.nodeId}</td>
            <td>{s.province}</td>
            <DisableCell disabled={s.disabled} name={s.id} onDisable={() => disable.mutate(s.id)} />
          </tr>
        )}
      </ListTable>
      {disable.error ? <ErrorBox error={disable.error} /> : null}
      <CreateForm
        values={values}
        setValues={setValues}
        fields={[
          { name: 'id', label: 'admin.stationId' },
          { name: 'nodeId', label: 'admin.nodeId' },
          { name: 'nameZh', label: 'admin.nameZh' },
          { name: 'nameEn', label: 'admin.nameEn' },
          { name: 'province', label: 'admin.province' },
        ]}
        submit={() =>
          trpc.admin.stations.create.mutate({
            id: values.id ?? '',
            nodeId: values.nodeId ?? '',
            nameZh: values.nameZh ?? '',
            nameEn: values.nameEn ?? '',
            province: values.province ?? '',
          })
        }
        onDone={() => {
          setValues({});
          void client.invalidateQueries({ queryKey: STATIONS.queryKey });
        }}
      />
    </section>
  );
}

function Officers() {
  const { t, label } = useI18n();
  const client = useQueryClient();
  const [includeDisabled, setIncludeDisabled] = useState(false);
  const officers = useQuery(
    api('admin.officers.list', { includeDisabled }, (i) => trpc.admin.officers.list.query(i)),
  );
  const [values, setValues] = useState<Record<string, string>>({});
  const [roles, setRoles] = useState<string[]>(['officer']);
  const disable = useMutation({
    mutationFn: (username: string) => trpc.admin.officers.disable.mutate({ username }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin.officers.list'] }),
  });
  return (
    <section className="panel">
      <div className="page-head">
        <h2>{t('admin.officers')}</h2>
        <label className="radio">
          <input
            type="checkbox"
            checked={includeDisabled}
            onChange={(e) => setIncludeDisabled(e.target.checked)}
          />
          {t('admin.showDisabled')}
        </label>
      </div>
      <ListTable
        query={officers}
        items={officers.data}
        empty="—"
        compact
        headers={[
          t('admin.username'),
          t('admin.displayName'),
          t('step.station'),
          t('admin.roles'),
          t('desk.status'),
        ]}
      >
        {(o) => (
          <tr key={o.id}>
            <td className="mono small">{o.username}</td>
            <td>{o.displayName}</td>
            <td>{o.stationId}</td>
            <td>{o.roles.map((r) => label('role', r)).join('、')}</td>
            <DisableCell
              disabled={o.disabled}
              name={o.username}
              onDisable={() => disable.mutate(o.username)}
            />
          </tr>
        )}
      </ListTable>
      {disable.error ? <ErrorBox error={disable.error} /> : null}
      <CreateForm
        values={values}
        setValues={setValues}
        fields={[
          { name: 'username', label: 'admin.username' },
          { name: 'displayName', label: 'admin.displayName' },
          { name: 'stationId', label: 'admin.stationId' },
          { name: 'password', label: 'admin.password', type: 'password' },
        ]}
        extra={
          <fieldset className="field radio-row field-wide">
            <legend>{t('admin.roles')}</legend>
            {ROLES.map((r) => (
              <label key={r} className="radio">
                <input
                  type="checkbox"
                  checked={roles.includes(r)}
                  onChange={() => setRoles(roles.includes(r) ? roles.filter((x) => x !== r) : [...roles, r])}
                />
                {label('role', r)}
              </label>
            ))}
          </fieldset>
        }
        submit={() =>
          trpc.admin.officers.create.mutate({
            username: values.username ?? '',
            displayName: values.displayName ?? '',
            stationId: values.stationId ?? '',
            password: values.password ?? '',
            roles: roles as (typeof ROLES)[number][],
          })
        }
        onDone={() => {
          setValues({});
          void client.invalidateQueries({ queryKey: ['admin.officers.list'] });
        }}
      />
    </section>
  );
}

function KeyRotation() {
  const { t } = useI18n();
  const client = useQueryClient();
  const rotate = useMutation({
    mutationFn: () => trpc.admin.keys.rotate.mutate(),
    onSuccess: () => client.invalidateQueries({ queryKey: ['keys.jwks'] }),
  });
  return (
    <section className="panel">
      <div className="page-head">
        <h2>{t('admin.keys')}</h2>
        <button type="button" disabled={rotate.isPending} onClick={() => rotate.mutate()}>
          {t('admin.rotate')}
        </button>
      </div>
      {rotate.data ? (
        <p className="ok-box">
          {t('admin.rotated', { kid: rotate.data.kid })}
          <span className="mono small"> · {rotate.data.keys.join(', ')}</span>
        </p>
      ) : null}
      {rotate.error ? <ErrorBox error={rotate.error} /> : null}
    </section>
  );
}
