/** Repeatable rows of a form (persons, vehicles, attachments): a small table with add and remove. */
import type { Dispatch, SetStateAction } from 'react';
import { useId } from 'react';

interface Column<R> {
  key: keyof R & string;
  label: string;
  type?: 'text' | 'number';
  options?: { value: string; label: string }[];
}

export function Rows<R extends Record<string, string>>({
  legend,
  addLabel,
  removeLabel,
  rows,
  setRows,
  blank,
  columns,
  errorOf,
}: {
  legend: string;
  addLabel: string;
  removeLabel: string;
  rows: R[];
  setRows: Dispatch<SetStateAction<R[]>>;
  blank: R;
  columns: Column<R>[];
  errorOf: (index: number, key: string) => string | undefined;
}) {
  const base = useId();
  const set = (index: number, key: keyof R, value: string) =>
    setRows((prev) => prev.map((row, i) => (i === index ? { ...row, [key]: value } : row)));
  return (
    <fieldset className="rows field-wide">
      <legend>{legend}</legend>
      {rows.length > 0 ? (
        <table className="grid compact">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col">
                  {c.label}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">{removeLabel}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their place in the form
              <tr key={i}>
                {columns.map((c) => {
                  const id = `${base}-${i}-${c.key}`;
                  const error = errorOf(i, c.key);
                  return (
                    <td key={c.key}>
                      <label htmlFor={id} className="visually-hidden">
                        {c.label} {i + 1}
                      </label>
                      {c.options ? (
                        <select id={id} value={row[c.key]} onChange={(e) => set(i, c.key, e.target.value)}>
                          {c.options.map((o) => (
                            <option key={o.value} value={o.value}>
                              {o.label}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <input
                          id={id}
                          type={c.type ?? 'text'}
                          value={row[c.key]}
                          aria-invalid={Boolean(error)}
                          onChange={(e) => set(i, c.key, e.target.value)}
                        />
                      )}
                      {error ? <span className="field-error">{error}</span> : null}
                    </td>
                  );
                })}
                <td>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setRows((prev) => prev.filter((_, j) => j !== i))}
                  >
                    {removeLabel}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <button type="button" className="secondary" onClick={() => setRows((prev) => [...prev, { ...blank }])}>
        {addLabel}
      </button>
    </fieldset>
  );
}
