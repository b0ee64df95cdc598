import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useViewer } from '../app/viewer-context';
import { ReasonDialog } from './ReasonDialog';
import type { ReviewedTypename } from './review-mutations';
import { offeredSteps, stepLabels, type Reviewed, type ReviewStep } from './review-steps';
import { useReviewStep } from './use-review-step';

const needsReason: ReadonlySet<ReviewStep> = new Set(['REJECT', 'REOPEN']);

/** The review steps the viewer can take on one row; `what` names the row for screen readers ("receipt $42.10 at Staples"). */
export function ReviewButtons({ typename, record, what, reimbursable }: { typename: ReviewedTypename; record: Reviewed; what: string; reimbursable: boolean }) {
  const viewer = useViewer();
  const run = useReviewStep();
  const [busy, setBusy] = useState<ReviewStep | null>(null);
  const [asking, setAsking] = useState<ReviewStep | null>(null);
  const steps = offeredSteps(viewer, record, reimbursable);

  const take = async (step: ReviewStep, reason?: string) => {
    setBusy(step);
    const outcome = await run(typename, step, record, reason);
    setBusy(null);
    if (outcome.kind === 'saved' || outcome.kind === 'queued') {
      setAsking(null);
      notifications.show({ message: `${stepLabels[step]}: done`, color: 'teal', autoClose: 2_500 });
      return;
    }
    notifications.show({ title: `Could not ${stepLabels[step].toLowerCase()}`, message: outcome.message, color: 'red', autoClose: 8_000 });
  };

  if (steps.length === 0) return null;
  const label = (step: ReviewStep) => (step === 'SUBMIT' && record.status === 'REJECTED' ? 'Resubmit' : stepLabels[step]);
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      {steps.map((step) => (
        <Button
          key={step}
          size="compact-xs"
          variant={step === 'APPROVE' || step === 'SUBMIT' ? 'light' : 'subtle'}
          color={step === 'REJECT' || step === 'REOPEN' ? 'red' : 'teal'}
          loading={busy === step}
          aria-label={`${label(step)} ${what}`}
          onClick={() => (needsReason.has(step) ? setAsking(step) : take(step))}
        >
          {label(step)}
        </Button>
      ))}
      {asking && <ReasonDialog title={stepLabels[asking]} busy={busy === asking} onClose={() => setAsking(null)} onConfirm={(reason) => take(asking, reason)} />}
    </Group>
  );
}
