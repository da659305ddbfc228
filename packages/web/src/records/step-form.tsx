/**
 * One step on a record as a small form: its fields, a button named after the action, and the node's
 * answer — inline under each field it names (`error.data.fields`), or above the button.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ErrorBox, fieldError, useErrorView } from '../app/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh.ts';
import { toInput } from '../lib/form-values.ts';

export interface StepField {
  name: string;
  label: MessageKey;
  kind: 'text' | 'textarea' | 'number' | 'checkbox' | 'select' | 'datetime';
  options?: { value: string; label: string }[];
  required?: boolean;
  initial?: string | boolean;
}

export type StepValues = Record<string, string | number | boolean>;

export function StepForm({
  action,
  fields,
  submit,
  onDone,
  tone,
}: {
  action: MessageKey;
  fields: readonly StepField[];
  submit: (values: StepValues) => Promise<unknown>;
  onDone: () => void;
  tone?: 'danger' | 'primary';
}) {
  const { t } = useI18n();
  const view = useErrorView();
  const formId = useId();
  const initial = () =>
    Object.fromEntries(
      fields.map((f) => [
        f.name,
        f.initial ?? (f.kind === 'checkbox' ? false : (f.options?.[0]?.value ?? '')),
      ]),
    );
  const [raw, setRaw] = useState<Record<string, string | boolean>>(initial);
  const mutation = useMutation({
    mutationFn: () => submit(toInput(fields, raw)),
    onSuccess: () => {
      setRaw(initial());
      onDone();
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  const fieldErrors = mutation.error ? view(mutation.error).fields : [];
  const unplaced = mutation.error && !fieldErrors.some((f) => fields.some((x) => f.path === x.name));
  return (
    <form className="step-form" onSubmit={onSubmit} aria-label={t(action)} noValidate>
      {fields.map((f) => {
        const id = `${formId}-${f.name}`;
        const err = fieldError(mutation.error, view, f.name);
        const common = {
          id,
          name: f.name,
          'aria-invalid': Boolean(err),
          ...(err ? { 'aria-describedby': `${id}-err` } : {}),
        };
        const value = raw[f.name];
        const set = (v: string | boolean) => setRaw((prev) => ({ ...prev, [f.name]: v }));
        return (
          <div
            key={f.name}
            className={`field ${f.kind === 'checkbox' ? 'field-check' : ''} ${f.kind === 'textarea' ? 'field-wide' : ''}`}
          >
            {f.kind === 'checkbox' ? (
              <>
                <input
                  {...common}
                  type="checkbox"
                  checked={value === true}
                  onChange={(e) => set(e.target.checked)}
                />
                <label htmlFor={id}>{t(f.label)}</label>
              </>
            ) : (
              <>
                <label htmlFor={id}>
                  {t(f.label)}
                  {f.required ? <span className="req"> *</span> : null}
                </label>
                {f.kind === 'textarea' ? (
                  <textarea
                    {...common}
                    rows={2}
                    value={String(value)}
                    onChange={(e) => set(e.target.value)}
                  />
                ) : f.kind === 'select' ? (
                  <select {...common} value={String(value)} onChange={(e) => set(e.target.value)}>
                    {f.options?.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    {...common}
                    type={f.kind === 'number' ? 'number' : f.kind === 'datetime' ? 'datetime-local' : 'text'}
                    min={f.kind === 'number' ? 0 : undefined}
                    value={String(value)}
                    onChange={(e) => set(e.target.value)}
                  />
                )}
              </>
            )}
            {err ? (
              <span className="field-error" id={`${id}-err`}>
                {err}
              </span>
            ) : null}
          </div>
        );
      })}
      {unplaced ? <ErrorBox error={mutation.error} /> : null}
      <div className="form-actions">
        <button
          type="submit"
          className={tone === 'danger' ? 'danger' : 'primary'}
          disabled={mutation.isPending}
        >
          {t(action)}
        </button>
      </div>
    </form>
  );
}
