import { Badge, Text, Tooltip } from '@mantine/core';
import { humanize } from '../lists/format';
import type { ReviewStatus } from './review-steps';

const colors: Record<ReviewStatus, string> = {
  DRAFT: 'gray',
  SUBMITTED: 'blue',
  APPROVED: 'teal',
  REJECTED: 'red',
  REIMBURSED: 'violet',
};

/** The review status of a row; a rejection shows its reason right under the badge. */
export function StatusBadge({ status, rejectionReason }: { status: ReviewStatus; rejectionReason?: string | null }) {
  const badge = (
    <Badge color={colors[status]} variant="light" size="sm" tt="none" data-status={status}>
      {humanize(status)}
    </Badge>
  );
  if (status !== 'REJECTED' || !rejectionReason) return badge;
  return (
    <div>
      <Tooltip label={rejectionReason} multiline w={260}>
        {badge}
      </Tooltip>
      <Text size="xs" c="red.9" maw={220} data-testid="rejection-reason">
        {rejectionReason}
      </Text>
    </div>
  );
}
