/**
 * Issuing a missing-person or fugitive notice. The ID number's check digit is checked as it is typed
 * (the node checks it again); every refusal of the node shows under the field it names.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation } from 'wouter';
import { trpc } from '../../api/client.ts';
import {
  CheckboxGroup,
  FormFooter,
  RadioGroup,
  SelectField,
  TextAreaField,
  TextField,
} from '../../app/form-fields.tsx';
import { useOfficer } from '../../app/session.tsx';
import { useStationChoices } from '../../app/stations.ts';
import { Field, fieldError, useErrorView } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/zh.ts';
import { checkIdNumber } from '../../lib/id-number.ts';

const VULNERABILITIES = ['minor', 'elderly', 'dementia', 'medical_need'] as const;
const CAUTIONS = ['armed', 'violent', 'self_harm_risk'] as const;
const ACTIONS = ['locate', 'detain', 'report_only'] as const;

type Kind = 'missing_person' | 'fugitive';

export default function NewNoticeScreen() {
  const { t, label } = useI18n();
  const officer = useOfficer();
  const view = useErrorView();
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const { partners, nameOf } = useStationChoices(officer.node);

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
  const [vulnerability, setVulnerability] = useState<(typeof VULNERABILITIES)[number][]>([]);
  const [caseNumber, setCaseNumber] = useState('');
  const [warrantReference, setWarrant] = useState('');
  const [offence, setOffence] = useState('');
  const [caution, setCaution] = useState<(typeof CAUTIONS)[number][]>([]);
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
            missing: { circumstances, vulnerability },
          })
        : trpc.notice.issue.mutate({
            ...common,
            kind,
            fugitive: {
              caseNumber,
              warrantReference,
              offence,
              caution,
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
        <RadioGroup
          legend={t('notices.kind')}
          name="kind"
          wide
          value={kind}
          options={(['missing_person', 'fugitive'] as const).map((k) => ({
            value: k,
            label: label('noticeKind', k),
          }))}
          onChange={setKind}
        />
        <CheckboxGroup
          legend={t('notices.recipients')}
          chosen={chosen}
          options={partners.map((s) => ({ value: s.id, label: nameOf(s) }))}
          onChange={setRecipients}
          error={err('recipientStations')}
        />

        <h2 className="field-wide">{t('notices.subjectSection')}</h2>
        <TextField label={t('field.name')} error={err('subject.name')} value={name} onChange={setName} />
        <TextField
          label={t('field.aliases')}
          error={err('subject.aliases')}
          value={aliases}
          onChange={setAliases}
        />
        <SelectField
          label={t('field.sex')}
          error={err('subject.sex')}
          value={sex}
          options={(['unknown', 'male', 'female'] as const).map((x) => ({
            value: x,
            label: label('sex', x),
          }))}
          onChange={setSex}
        />
        <TextField
          label={t('field.birthDate')}
          error={err('subject.birthDate')}
          type="date"
          value={birthDate}
          onChange={setBirthDate}
        />
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
        <TextAreaField
          label={t('field.description')}
          error={err('subject.description')}
          className="field-wide"
          rows={2}
          value={description}
          onChange={setDescription}
        />

        <h2 className="field-wide">{t('notices.lastSeen')}</h2>
        <TextField label={t('field.place')} error={err('lastSeen.place')} value={place} onChange={setPlace} />
        <TextField
          label={t('field.time')}
          error={err('lastSeen.time')}
          type="datetime-local"
          value={time}
          onChange={setTime}
        />

        {kind === 'missing_person' ? (
          <>
            <h2 className="field-wide">{t('notices.missingSection')}</h2>
            <TextAreaField
              label={t('field.circumstances')}
              error={err('missing.circumstances')}
              className="field-wide"
              rows={2}
              value={circumstances}
              onChange={setCircumstances}
            />
            <CheckboxGroup
              legend={t('field.vulnerability')}
              chosen={vulnerability}
              options={VULNERABILITIES.map((v) => ({ value: v, label: label('vulnerability', v) }))}
              onChange={setVulnerability}
            />
          </>
        ) : (
          <>
            <h2 className="field-wide">{t('notices.caseSection')}</h2>
            <TextField
              label={t('field.caseNumber')}
              error={err('fugitive.caseNumber')}
              value={caseNumber}
              onChange={setCaseNumber}
            />
            <TextField
              label={t('field.warrantReference')}
              error={err('fugitive.warrantReference')}
              value={warrantReference}
              onChange={setWarrant}
            />
            <TextField
              label={t('field.offence')}
              error={err('fugitive.offence')}
              value={offence}
              onChange={setOffence}
            />
            <SelectField
              label={t('field.requestedAction')}
              error={err('fugitive.requestedAction')}
              value={requestedAction}
              options={ACTIONS.map((a) => ({ value: a, label: label('requestedAction', a) }))}
              onChange={setRequestedAction}
            />
            <CheckboxGroup
              legend={t('field.cautions')}
              chosen={caution}
              options={CAUTIONS.map((c) => ({ value: c, label: label('caution', c) }))}
              onChange={setCaution}
            />
          </>
        )}

        <h2 className="field-wide">{t('notices.contactSection')}</h2>
        <TextField
          label={t('field.name')}
          error={err('contactOfficer.name')}
          value={contactName}
          onChange={setContactName}
        />
        <TextField
          label={t('field.phone')}
          error={err('contactOfficer.phone')}
          value={contactPhone}
          onChange={setContactPhone}
        />

        <FormFooter error={issue.error} pending={issue.isPending} submit={t('notices.submit')} />
      </form>
    </section>
  );
}
