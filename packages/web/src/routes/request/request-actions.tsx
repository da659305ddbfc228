import type { ReactElement } from 'react';
/**
 * The steps this side may take on a request now, as forms. Which side acts and from which status is
 * the node's rule (it refuses otherwise, and the answer shows inline); this only offers the likely ones.
 */
import { trpc } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { type StepField, StepForm } from '../../records/step-form.tsx';
import type { Request } from './request-screen.tsx';

const OUTCOMES = ['intercepted', 'located', 'arrested', 'not_found', 'other'];

export function RequestActions({
  request,
  officerRoles,
  onDone,
}: {
  request: Request;
  officerRoles: readonly string[];
  onDone: () => void;
}) {
  const { t, label } = useI18n();
  const id = request.id;
  const status = request.status;
  const stage = request.state.stage;
  const desk = officerRoles.includes('duty') || officerRoles.includes('command');
  const field = desk || officerRoles.includes('officer');
  const addressed = request.direction === 'inbound';
  const open = ['filed', 'acknowledged', 'in_progress', 'info_requested', 'info_provided'].includes(status);
  // While information is exchanged, the request stays at the stage it had reached.
  const at = status === 'info_provided' ? stage : status;
  const awaitingUs =
    status === 'info_requested' && request.state.infoAwaitedFrom !== null && !isOther(request);

  const remark: StepField[] = [{ name: 'remark', label: 'field.remark', kind: 'text' }];
  const forms: ReactElement[] = [];
  if (field && open && addressed) {
    if (desk && at === 'filed')
      forms.push(
        <StepForm
          key="ack"
          action="action.acknowledge"
          fields={remark}
          onDone={onDone}
          submit={(v) => trpc.assistance.acknowledge.mutate({ id, ...v })}
        />,
      );
    if (at === 'acknowledged')
      forms.push(
        <StepForm
          key="start"
          action="action.start"
          fields={remark}
          onDone={onDone}
          submit={(v) => trpc.assistance.start.mutate({ id, ...v })}
        />,
      );
    if (at === 'in_progress')
      forms.push(
        <StepForm
          key="complete"
          action="action.complete"
          onDone={onDone}
          fields={[
            {
              name: 'outcome',
              label: 'field.outcome',
              kind: 'select',
              options: OUTCOMES.map((o) => ({ value: o, label: label('outcome', o) })),
            },
            { name: 'text', label: 'field.text', kind: 'textarea', required: true },
            { name: 'personsLocated', label: 'field.personsLocated', kind: 'number', initial: '0' },
            { name: 'suspectsIntercepted', label: 'field.suspectsIntercepted', kind: 'number', initial: '0' },
            { name: 'caseSolved', label: 'field.caseSolved', kind: 'checkbox' },
          ]}
          submit={(v) =>
            trpc.assistance.complete.mutate({ id, ...(v as { outcome: 'located'; text: string }) })
          }
        />,
      );
  }
  if (field && open && awaitingUs)
    forms.push(
      <StepForm
        key="provide"
        action="action.provideInfo"
        fields={[{ name: 'text', label: 'field.answer', kind: 'textarea', required: true }]}
        onDone={onDone}
        submit={(v) => trpc.assistance.provideInfo.mutate({ id, text: String(v.text ?? '') })}
      />,
    );
  if (field && open && status !== 'info_requested')
    forms.push(
      <StepForm
        key="ask"
        action="action.requestInfo"
        fields={[{ name: 'text', label: 'field.question', kind: 'textarea', required: true }]}
        onDone={onDone}
        submit={(v) => trpc.assistance.requestInfo.mutate({ id, text: String(v.text ?? '') })}
      />,
    );
  if (desk && open && addressed)
    forms.push(
      <StepForm
        key="decline"
        action="action.decline"
        tone="danger"
        fields={[{ name: 'reason', label: 'field.reason', kind: 'textarea', required: true }]}
        onDone={onDone}
        submit={(v) => trpc.assistance.decline.mutate({ id, reason: String(v.reason ?? '') })}
      />,
    );
  if (field && open && !addressed)
    forms.push(
      <StepForm
        key="withdraw"
        action="action.withdraw"
        tone="danger"
        fields={[{ name: 'reason', label: 'field.reason', kind: 'textarea', required: true }]}
        onDone={onDone}
        submit={(v) => trpc.assistance.withdraw.mutate({ id, reason: String(v.reason ?? '') })}
      />,
    );
  if (field && !addressed && (status === 'completed' || status === 'declined'))
    forms.push(
      <StepForm
        key="close"
        action="action.close"
        fields={[
          { name: 'rating', label: 'field.rating', kind: 'number' },
          { name: 'remark', label: 'field.remark', kind: 'text' },
        ]}
        onDone={onDone}
        submit={(v) => trpc.assistance.close.mutate({ id, ...v })}
      />,
    );
  return (
    <section className="panel">
      <h2>{t('record.actions')}</h2>
      {forms.length ? (
        <div className="step-forms">{forms}</div>
      ) : (
        <p className="muted">{t('record.noActions')}</p>
      )}
    </section>
  );
}

/** Whether the open information request waits on the partner rather than on us. */
function isOther(request: Request): boolean {
  const ours = request.direction === 'outbound' ? request.state.requestingNode : request.state.addressedNode;
  return request.state.infoAwaitedFrom !== ours;
}
