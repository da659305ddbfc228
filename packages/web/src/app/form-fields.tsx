/**
 * The fields the filing forms share (request, notice, mediation), each a labelled `Field` or
 * fieldset, so every form reads as its list of fields and shows a node's refusal under the field it
 * names.
 *
 * @example
 * <SelectField label={t('field.category')} error={err('category')} value={category}
 *   options={CATEGORIES.map((c) => ({ value: c, label: label('category', c) }))} onChange={setCategory} />
 */
import type { ReactNode } from 'react';
import { ErrorBox, Field } from './ui.tsx';

export interface Option<V extends string> {
  value: V;
  label: ReactNode;
}

interface Common {
  label: string;
  error: string | undefined;
  className?: string;
}

/** A one-line text input (or `type` date, datetime-local, number). */
export function TextField({
  value,
  onChange,
  type,
  ...field
}: Common & { value: string; onChange: (value: string) => void; type?: string }) {
  return (
    <Field {...field}>
      {(p) => (
        <input {...p} {...(type ? { type } : {})} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  );
}

/** A multi-line text input. */
export function TextAreaField({
  value,
  onChange,
  rows,
  ...field
}: Common & { value: string; onChange: (value: string) => void; rows: number }) {
  return (
    <Field {...field}>
      {(p) => <textarea {...p} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** A drop-down of `options`. */
export function SelectField<V extends string>({
  value,
  options,
  onChange,
  ...field
}: Common & { value: V; options: readonly Option<V>[]; onChange: (value: V) => void }) {
  return (
    <Field {...field}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value as V)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** One choice of several (radio buttons) under a legend. */
export function RadioGroup<V extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  wide,
}: {
  legend: string;
  name: string;
  value: V;
  options: readonly Option<V>[];
  onChange: (value: V) => void;
  wide?: boolean;
}) {
  return (
    <fieldset className={`field radio-row${wide ? ' field-wide' : ''}`}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="radio">
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** Any number of choices (check boxes) under a legend; `error` shows beneath them. */
export function CheckboxGroup<V extends string>({
  legend,
  chosen,
  options,
  onChange,
  error,
}: {
  legend: string;
  chosen: readonly V[];
  options: readonly Option<V>[];
  onChange: (chosen: V[]) => void;
  error?: string | undefined;
}) {
  const toggle = (value: V) =>
    onChange(chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value]);
  return (
    <fieldset className="field radio-row field-wide">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="radio">
          <input type="checkbox" checked={chosen.includes(o.value)} onChange={() => toggle(o.value)} />
          {o.label}
        </label>
      ))}
      {error ? <span className="field-error">{error}</span> : null}
    </fieldset>
  );
}

/** The end of a form: the node's refusal, if any, and the submit button (disabled while sending). */
export function FormFooter({ error, pending, submit }: { error: unknown; pending: boolean; submit: string }) {
  return (
    <>
      {error ? (
        <div className="field-wide">
          <ErrorBox error={error} />
        </div>
      ) : null}
      <div className="form-actions field-wide">
        <button type="submit" className="primary" disabled={pending}>
          {submit}
        </button>
      </div>
    </>
  );
}
