/**
 * Filing an assistance request: a real form — addressed station, category, priority, title, details,
 * persons and vehicles as repeatable rows, incident time and place, attachment metadata.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation } from 'wouter';
import { trpc } from '../../api/client.ts';
import { FormFooter, RadioGroup, SelectField, TextAreaField, TextField } from '../../app/form-fields.tsx';
import { useOfficer } from '../../app/session.tsx';
import { useStationChoices } from '../../app/stations.ts';
import { Field, fieldError, useErrorView } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Rows } from './rows.tsx';

const CATEGORIES = [
  'vehicle_check',
  'suspect_pursuit',
  'person_verification',
  'evidence_collection',
  'missing_person_search',
  'other',
] as const;

interface Person {
  name: string;
  sex: string;
  approximateAge: string;
  idNumber: string;
  description: string;
}
interface Vehicle {
  plate: string;
  make: string;
  colour: string;
}
interface Attachment {
  name: string;
  sha256: string;
  size: string;
}

const trimmed = <T extends Record<string, string>>(row: T) =>
  Object.fromEntries(
    Object.entries(row)
      .filter(([, v]) => v.trim() !== '')
      .map(([k, v]) => [k, v.trim()]),
  );

export default function NewRequestScreen() {
  const { t, label } = useI18n();
  const officer = useOfficer();
  const view = useErrorView();
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const { own: ownStations, partners: partnerStations, nameOf } = useStationChoices(officer.node);

  const [requestingStation, setRequesting] = useState(officer.station);
  const [addressedStation, setAddressed] = useState('');
  const [category, setCategory] = useState<(typeof CATEGORIES)[number]>('vehicle_check');
  const [priority, setPriority] = useState<'urgent' | 'normal'>('normal');
  const [title, setTitle] = useState('');
  const [details, setDetails] = useState('');
  const [persons, setPersons] = useState<Person[]>([]);
  const [vehicles, setVehicles] = useState<Vehicle[]>([]);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [incidentTime, setIncidentTime] = useState('');
  const [incidentPlace, setIncidentPlace] = useState('');

  const file = useMutation({
    mutationFn: () =>
      trpc.assistance.file.mutate({
        requestingStation: officer.roles.includes('command') ? requestingStation : officer.station,
        addressedStation: addressedStation || partnerStations[0]?.id || '',
        category,
        priority,
        title,
        details,
        subjects: {
          persons: persons.map((p) => ({
            ...trimmed({ name: p.name, idNumber: p.idNumber, description: p.description }),
            sex: p.sex as 'male' | 'female' | 'unknown',
            ...(p.approximateAge.trim() ? { approximateAge: Number(p.approximateAge) } : {}),
          })),
          vehicles: vehicles.map((v) => trimmed({ plate: v.plate, make: v.make, colour: v.colour })),
        },
        incident: {
          ...(incidentTime ? { time: new Date(incidentTime).toISOString() } : {}),
          ...(incidentPlace.trim() ? { place: incidentPlace.trim() } : {}),
        },
        attachments: attachments.map((a) => ({
          name: a.name.trim(),
          sha256: a.sha256.trim().toLowerCase(),
          size: Number(a.size),
        })),
      }),
    onSuccess: (request) => {
      void client.invalidateQueries({ queryKey: ['assistance.list'] });
      navigate(`/requests/${request.id}`);
    },
  });
  const err = (path: string) => fieldError(file.error, view, path);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    file.mutate();
  };

  return (
    <section>
      <div className="page-head">
        <h1>{t('nav.newRequest')}</h1>
      </div>
      <form className="panel form-grid" onSubmit={submit} noValidate>
        {officer.roles.includes('command') && ownStations.length > 1 ? (
          <SelectField
            label={t('field.requestingStation')}
            error={err('requestingStation')}
            value={requestingStation}
            options={ownStations.map((s) => ({ value: s.id, label: nameOf(s) }))}
            onChange={setRequesting}
          />
        ) : null}
        <SelectField
          label={t('field.addressedStation')}
          error={err('addressedStation')}
          value={addressedStation || partnerStations[0]?.id || ''}
          options={partnerStations.map((s) => ({ value: s.id, label: `${nameOf(s)} (${s.nodeId})` }))}
          onChange={setAddressed}
        />
        <SelectField
          label={t('field.category')}
          error={err('category')}
          value={category}
          options={CATEGORIES.map((c) => ({ value: c, label: label('category', c) }))}
          onChange={setCategory}
        />
        <RadioGroup
          legend={t('field.priority')}
          name="priority"
          value={priority}
          options={(['normal', 'urgent'] as const).map((p) => ({ value: p, label: label('priority', p) }))}
          onChange={setPriority}
        />
        <Field label={t('field.title')} error={err('title')} className="field-wide">
          {(p) => <input {...p} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <TextAreaField
          label={t('field.details')}
          error={err('details')}
          className="field-wide"
          rows={4}
          value={details}
          onChange={setDetails}
        />
        <TextField
          label={t('incident.time')}
          error={err('incident.time')}
          type="datetime-local"
          value={incidentTime}
          onChange={setIncidentTime}
        />
        <TextField
          label={t('incident.place')}
          error={err('incident.place')}
          value={incidentPlace}
          onChange={setIncidentPlace}
        />

        <Rows
          legend={t('field.persons')}
          addLabel={t('newRequest.addPerson')}
          removeLabel={t('newRequest.remove')}
          rows={persons}
          setRows={setPersons}
          blank={{ name: '', sex: 'unknown', approximateAge: '', idNumber: '', description: '' }}
          errorOf={(i, key) => err(`subjects.persons.${i}.${key}`)}
          columns={[
            { key: 'name', label: t('person.name') },
            {
              key: 'sex',
              label: t('person.sex'),
              options: ['unknown', 'male', 'female'].map((s) => ({ value: s, label: label('sex', s) })),
            },
            { key: 'approximateAge', label: t('person.age'), type: 'number' },
            { key: 'idNumber', label: t('person.idNumber') },
            { key: 'description', label: t('person.description') },
          ]}
        />
        <Rows
          legend={t('field.vehicles')}
          addLabel={t('newRequest.addVehicle')}
          removeLabel={t('newRequest.remove')}
          rows={vehicles}
          setRows={setVehicles}
          blank={{ plate: '', make: '', colour: '' }}
          errorOf={(i, key) => err(`subjects.vehicles.${i}.${key}`)}
          columns={[
            { key: 'plate', label: t('vehicle.plate') },
            { key: 'make', label: t('vehicle.make') },
            { key: 'colour', label: t('vehicle.colour') },
          ]}
        />
        <Rows
          legend={t('record.attachments')}
          addLabel={t('newRequest.addAttachment')}
          removeLabel={t('newRequest.remove')}
          rows={attachments}
          setRows={setAttachments}
          blank={{ name: '', sha256: '', size: '' }}
          errorOf={(i, key) => err(`attachments.${i}.${key}`)}
          columns={[
            { key: 'name', label: t('attachment.name') },
            { key: 'sha256', label: t('attachment.sha256') },
            { key: 'size', label: t('attachment.size'), type: 'number' },
          ]}
        />
        <FormFooter error={file.error} pending={file.isPending} submit={t('newRequest.submit')} />
      </form>
    </section>
  );
}
