/**
 * Opening a joint mediation with a partner station: dispute type, summary, mechanism (随警/联合/专业
 * with the organisation), parties and mediators — officers or volunteers such as 五老 elders — as rows.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation } from 'wouter';
import { trpc } from '../../api/client.ts';
import { FormFooter, RadioGroup, SelectField, TextAreaField, TextField } from '../../app/form-fields.tsx';
import { useOfficer } from '../../app/session.tsx';
import { useStationChoices } from '../../app/stations.ts';
import { fieldError, useErrorView } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Rows } from '../new-request/rows.tsx';

const TYPES = [
  'neighbourhood',
  'land_boundary',
  'family',
  'commercial',
  'traffic',
  'labour',
  'other',
] as const;
const MECHANISMS = ['on_the_spot', 'joint', 'professional'] as const;

export default function NewMediationScreen() {
  const { t, label } = useI18n();
  const officer = useOfficer();
  const view = useErrorView();
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const { partners, nameOf } = useStationChoices(officer.node);
  const [partnerStation, setPartner] = useState('');
  const [disputeType, setType] = useState<(typeof TYPES)[number]>('neighbourhood');
  const [summary, setSummary] = useState('');
  const [mechanism, setMechanism] = useState<(typeof MECHANISMS)[number]>('joint');
  const [organisation, setOrganisation] = useState('');
  const [parties, setParties] = useState([{ name: '', province: '', role: 'claimant' }]);
  const [mediators, setMediators] = useState([{ name: '', kind: 'officer', note: '' }]);

  const open = useMutation({
    mutationFn: () =>
      trpc.mediation.open.mutate({
        openingStation: officer.station,
        partnerStation: partnerStation || partners[0]?.id || '',
        disputeType,
        summary,
        mechanism: mechanism === 'professional' ? { kind: mechanism, organisation } : { kind: mechanism },
        parties: parties
          .filter((p) => p.name.trim())
          .map((p) => ({ name: p.name.trim(), province: p.province.trim(), role: p.role as 'claimant' })),
        mediators: mediators
          .filter((m) => m.name.trim())
          .map((m) => ({
            name: m.name.trim(),
            kind: m.kind as 'officer' | 'volunteer',
            ...(m.kind === 'officer' ? { node: officer.node } : {}),
            ...(m.note.trim() ? { note: m.note.trim() } : {}),
          })),
      }),
    onSuccess: (m) => {
      void client.invalidateQueries({ queryKey: ['mediation.list'] });
      navigate(`/mediations/${m.id}`);
    },
  });
  const err = (path: string) => fieldError(open.error, view, path);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    open.mutate();
  };
  return (
    <section>
      <div className="page-head">
        <h1>{t('mediations.new')}</h1>
      </div>
      <form className="panel form-grid" onSubmit={submit} noValidate>
        <SelectField
          label={t('mediations.partner')}
          error={err('partnerStation')}
          value={partnerStation || partners[0]?.id || ''}
          options={partners.map((s) => ({ value: s.id, label: `${nameOf(s)} (${s.nodeId})` }))}
          onChange={setPartner}
        />
        <SelectField
          label={t('mediations.type')}
          error={err('disputeType')}
          value={disputeType}
          options={TYPES.map((x) => ({ value: x, label: label('disputeType', x) }))}
          onChange={setType}
        />
        <RadioGroup
          legend={t('mediations.mechanism')}
          name="mechanism"
          value={mechanism}
          options={MECHANISMS.map((x) => ({ value: x, label: label('mechanism', x) }))}
          onChange={setMechanism}
        />
        {mechanism === 'professional' ? (
          <TextField
            label={t('mediations.organisation')}
            error={err('mechanism.organisation')}
            value={organisation}
            onChange={setOrganisation}
          />
        ) : null}
        <TextAreaField
          label={t('mediations.summary')}
          error={err('summary')}
          className="field-wide"
          rows={3}
          value={summary}
          onChange={setSummary}
        />
        <Rows
          legend={t('mediations.parties')}
          addLabel={t('mediations.addParty')}
          removeLabel={t('newRequest.remove')}
          rows={parties}
          setRows={setParties}
          blank={{ name: '', province: '', role: 'respondent' }}
          errorOf={(i, key) => err(`parties.${i}.${key}`)}
          columns={[
            { key: 'name', label: t('field.name') },
            { key: 'province', label: t('field.province') },
            {
              key: 'role',
              label: t('field.role'),
              options: ['claimant', 'respondent', 'other'].map((r) => ({
                value: r,
                label: label('partyRole', r),
              })),
            },
          ]}
        />
        <Rows
          legend={t('mediations.mediators')}
          addLabel={t('mediations.addMediator')}
          removeLabel={t('newRequest.remove')}
          rows={mediators}
          setRows={setMediators}
          blank={{ name: '', kind: 'volunteer', note: '' }}
          errorOf={(i, key) => err(`mediators.${i}.${key}`)}
          columns={[
            { key: 'name', label: t('field.name') },
            {
              key: 'kind',
              label: t('mediations.mediatorKind'),
              options: [
                { value: 'officer', label: t('mediations.officerKind') },
                { value: 'volunteer', label: t('mediations.volunteer') },
              ],
            },
            { key: 'note', label: t('field.notes') },
          ]}
        />
        <FormFooter error={open.error} pending={open.isPending} submit={t('mediations.submit')} />
      </form>
    </section>
  );
}
