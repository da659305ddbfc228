/**
 * Issuing a missing-person or fugitive notice. The ID number's check digit is checked as it is typed
 * (the node checks it again); every refusal of the node shows under the field it names.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation } from 'wouter';
import { trpc } from '../../api/client.ts';
import { useOfficer } from '../../app/session.tsx';
import { STATIONS } from '../../app/stations.ts';
import { ErrorBox, Field, fieldError, useErrorView } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/zh.ts';
import { checkIdNumber } from '../../lib/id-number.ts';

const VULNERABILITIES = ['minor', 'elderly', 'dementia', 'medical_need'] as const;
const CAUTIONS = ['armed', 'violent', 'self_harm_risk'] as const;
const ACTIONS = ['locate', 'detain', 'report_only'] as const;

type Kind = 'missing_person' | 'fugitive';

export default function NewNoticeScreen() {
  const { t, label, lang } = useI18n();
  const officer = useOfficer();
  const view = useErrorView();
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const stations = useQuery(STATIONS);
  const partners = (stations.data ?? []).filter((s) => s.nodeId !== officer.node && !s.disabled);

  const [kind, setKind] = useState<Kind>('missing_person');
  const [recipients, setRecipients] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [aliases, setAliases] = useState('');
  const [sex, setSex] = useState<'male' | 'female' | 'unknown'>('unknown');
  const [birthDate, setBirthDate] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [description, setDescription] = useState('');
  const [place, setPlace] = useState('');
  const [time, setTime] = useState('');
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [circumstances, setCircumstances] = useState('');
  const [vulnerability, setVulnerability] = useState<string[]>([]);
  const [caseNumber, setCaseNumber] = useState('');
  const [warrantReference, setWarrant] = useState('');
  const [offence, setOffence] = useState('');
  const [caution, setCaution] = useState<string[]>([]);
  const [requestedAction, setRequestedAction] = useState<(typeof ACTIONS)[number]>('locate');

  const chosen = recipients.length ? recipients : partners.slice(0, 1).map((s) => s.id);
  const issue = useMutation({
    mutationFn: () => {
      const common = {
        issuingStation: officer.station,
        recipientStations: chosen,
        subject: {
          name,
          aliases: aliases
            .split(/[,，、]/)
            .map((a) => a.trim())
            .filter(Boolean),
          sex,
          ...(birthDate ? { birthDate } : {}),
          ...(idNumber.trim() ? { idNumber: idNumber.trim() } : {}),
          ...(description.trim() ? { description } : {}),
        },
        lastSeen: { place, time: time ? new Date(time).toISOString() : '' },
        contactOfficer: { name: contactName, ...(contactPhone.trim() ? { phone: contactPhone } : {}) },
      };
      return kind === 'missing_person'
        ? trpc.notice.issue.mutate({
            ...common,
            kind,
            missing: { circumstances, vulnerability: vulnerability as (typeof VULNERABILITIES)[number][] },
          })
        : trpc.notice.issue.mutate({
            ...common,
            kind,
            fugitive: {
              caseNumber,
              warrantReference,
              offence,
              caution: caution as (typeof CAUTIONS)[number][],
              requestedAction,
            },
          });
    },
    onSuccess: (notice) => {
      void client.invalidateQueries({ queryKey: ['notice.list'] });
      navigate(`/notices/${notice.id}`);
    },
  });
  const err = (path: string) => fieldError(issue.error, view, path);
  const idCheck = checkIdNumber(idNumber);
  const idHint =
    idCheck === 'empty'
      ? undefined
      : idCheck === 'incomplete'
        ? t('notices.id.incomplete', { n: 18 - idNumber.trim().length })
        : t(`notices.id.${idCheck}` as MessageKey);
  const toggle = (list: string[], set: (v: string[]) => void, value: string) =>
    set(list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    issue.mutate();
  };

  return (
    <section>
      <div className="page-head">
        <h1>{t('notices.new')}</h1>
      </div>
      <form className="panel form-grid" onSubmit={submit} noValidate>
        <fieldset className="field radio-row field-wide">
          <legend>{t('notices.kind')}</legend>
          {(['missing_person', 'fugitive'] as const).map((k) => (
            <label key={k} className="radio">
              <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} />
              {label('noticeKind', k)}
            </label>
          ))}
        </fieldset>
        <fieldset className="field radio-row field-wide">
          <legend>{t('notices.recipients')}</legend>
          {partners.map((s) => (
            <label key={s.id} className="radio">
              <input
                type="checkbox"
                checked={chosen.includes(s.id)}
                onChange={() => toggle(chosen, setRecipients, s.id)}
              />
              {lang === 'zh' ? s.nameZh : s.nameEn}
            </label>
          ))}
          {err('recipientStations') ? <span className="field-error">{err('recipientStations')}</span> : null}
        </fieldset>

        <h2 className="field-wide">{t('notices.subjectSection')}</h2>
        <Field label={t('field.name')} error={err('subject.name')}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('field.aliases')} error={err('subject.aliases')}>
          {(p) => <input {...p} value={aliases} onChange={(e) => setAliases(e.target.value)} />}
        </Field>
        <Field label={t('field.sex')} error={err('subject.sex')}>
          {(p) => (
            <select {...p} value={sex} onChange={(e) => setSex(e.target.value as typeof sex)}>
              {(['unknown', 'male', 'female'] as const).map((x) => (
                <option key={x} value={x}>
                  {label('sex', x)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('field.birthDate')} error={err('subject.birthDate')}>
          {(p) => (
            <input {...p} type="date" value={birthDate} onChange={(e) => setBirthDate(e.target.value)} />
          )}
        </Field>
        <Field
          label={t('field.idNumber')}
          error={
            err('subject.idNumber') ?? (idCheck !== 'ok' && idCheck !== 'incomplete' ? idHint : undefined)
          }
          hint={idCheck === 'ok' ? <span className="ok-text">✔ {idHint}</span> : idHint}
        >
          {(p) => (
            <input
              {...p}
              className="mono"
              inputMode="text"
              maxLength={18}
              value={idNumber}
              data-testid="id-number-input"
              data-check={idCheck}
              onChange={(e) => setIdNumber(e.target.value.toUpperCase())}
            />
          )}
        </Field>
        <Field label={t('field.description')} error={err('subject.description')} className="field-wide">
          {(p) => (
            <textarea {...p} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
          )}
        </Field>

        <h2 className="field-wide">{t('notices.lastSeen')}</h2>
        <Field label={t('field.place')} error={err('lastSeen.place')}>
          {(p) => <input {...p} value={place} onChange={(e) => setPlace(e.target.value)} />}
        </Field>
        <Field label={t('field.time')} error={err('lastSeen.time')}>
          {(p) => (
            <input {...p} type="datetime-local" value={time} onChange={(e) => setTime(e.target.value)} />
          )}
        </Field>

        {kind === 'missing_person' ? (
          <>
            <h2 className="field-wide">{t('notices.missingSection')}</h2>
            <Field
              label={t('field.circumstances')}
              error={err('missing.circumstances')}
              className="field-wide"
            >
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  value={circumstances}
                  onChange={(e) => setCircumstances(e.target.value)}
                />
              )}
            </Field>
            <fieldset className="field radio-row field-wide">
              <legend>{t('field.vulnerability')}</legend>
              {VULNERABILITIES.map((v) => (
                <label key={v} className="radio">
                  <input
                    type="checkbox"
                    checked={vulnerability.includes(v)}
                    onChange={() => toggle(vulnerability, setVulnerability, v)}
                  />
                  {label('vulnerability', v)}
                </label>
              ))}
            </fieldset>
          </>
        ) : (
          <>
            <h2 className="field-wide">{t('notices.caseSection')}</h2>
            <Field label={t('field.caseNumber')} error={err('fugitive.caseNumber')}>
              {(p) => <input {...p} value={caseNumber} onChange={(e) => setCaseNumber(e.target.value)} />}
            </Field>
            <Field label={t('field.warrantReference')} error={err('fugitive.warrantReference')}>
              {(p) => <input {...p} value={warrantReference} onChange={(e) => setWarrant(e.target.value)} />}
            </Field>
            <Field label={t('field.offence')} error={err('fugitive.offence')}>
              {(p) => <input {...p} value={offence} onChange={(e) => setOffence(e.target.value)} />}
            </Field>
            <Field label={t('field.requestedAction')} error={err('fugitive.requestedAction')}>
              {(p) => (
                <select
                  {...p}
                  value={requestedAction}
                  onChange={(e) => setRequestedAction(e.target.value as typeof requestedAction)}
                >
                  {ACTIONS.map((a) => (
                    <option key={a} value={a}>
                      {label('requestedAction', a)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <fieldset className="field radio-row field-wide">
              <legend>{t('field.cautions')}</legend>
              {CAUTIONS.map((c) => (
                <label key={c} className="radio">
                  <input
                    type="checkbox"
                    checked={caution.includes(c)}
                    onChange={() => toggle(caution, setCaution, c)}
                  />
                  {label('caution', c)}
                </label>
              ))}
            </fieldset>
          </>
        )}

        <h2 className="field-wide">{t('notices.contactSection')}</h2>
        <Field label={t('field.name')} error={err('contactOfficer.name')}>
          {(p) => <input {...p} value={contactName} onChange={(e) => setContactName(e.target.value)} />}
        </Field>
        <Field label={t('field.phone')} error={err('contactOfficer.phone')}>
          {(p) => <input {...p} value={contactPhone} onChange={(e) => setContactPhone(e.target.value)} />}
        </Field>

        {issue.error ? (
          <div className="field-wide">
            <ErrorBox error={issue.error} />
          </div>
        ) : null}
        <div className="form-actions field-wide">
          <button type="submit" className="primary" disabled={issue.isPending}>
            {t('notices.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
