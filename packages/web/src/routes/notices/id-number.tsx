/** A masked ID number as the node sent it, and the reveal dialog that asks for a reason first. */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { trpc } from '../../api/client.ts';
import { ErrorBox, fieldError, useErrorView } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { groupIdNumber, idNumberParts, isMaskedId } from '../../lib/masking.ts';

export function IdNumber({ value }: { value: string | undefined }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <span className="id-number mono" data-testid="id-number" data-masked={String(isMaskedId(value))}>
      {isMaskedId(value)
        ? idNumberParts(value).map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one number never move
            <span key={i} className={p.masked ? 'masked' : undefined}>
              {p.text}
            </span>
          ))
        : groupIdNumber(value)}
    </span>
  );
}

export type Revealed = Awaited<ReturnType<typeof trpc.notice.reveal.mutate>>;

export function RevealDialog({
  id,
  onRevealed,
  onClose,
}: {
  id: string;
  onRevealed: (r: Revealed) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const view = useErrorView();
  const titleId = useId();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const reveal = useMutation({
    mutationFn: () => trpc.notice.reveal.mutate({ id, reason }),
    onSuccess: (r) => {
      onRevealed(r);
      onClose();
    },
  });
  useEffect(() => {
    input.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    reveal.mutate();
  };
  const err = fieldError(reveal.error, view, 'reason');
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <h2 id={titleId}>{t('notices.revealTitle')}</h2>
        <p className="muted">{t('notices.revealHint')}</p>
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={reasonId}>{t('notices.revealReason')}</label>
            <textarea
              id={reasonId}
              ref={input}
              rows={3}
              value={reason}
              aria-invalid={Boolean(err)}
              onChange={(e) => setReason(e.target.value)}
            />
            {err ? <span className="field-error">{err}</span> : null}
          </div>
          {reveal.error && !err ? <ErrorBox error={reveal.error} /> : null}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={reveal.isPending || reason.trim() === ''}>
              {t('notices.revealSubmit')}
            </button>
            <button type="button" onClick={onClose}>
              {t('app.cancel')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
