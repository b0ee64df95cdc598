import { Button, Group, Tooltip } from '@mantine/core';

/**
 * Edit and Delete for one table row; `what` names the row for screen readers ("receipt Staples $42.10").
 * A locked (approved or reimbursed) row offers neither: it says why instead.
 */
export function RowActions({
  what,
  locked = false,
  cannotDelete,
  onEdit,
  onDelete,
}: {
  what: string;
  locked?: boolean;
  /** Why this row cannot be deleted (e.g. it is the viewer's own account); absent: it can. */
  cannotDelete?: string;
  onEdit(): void;
  onDelete(): void;
}) {
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Tooltip label="Approved entries are locked; an admin can reopen them" disabled={!locked}>
        <Button size="compact-xs" variant="subtle" aria-label={`Edit ${what}`} disabled={locked} onClick={onEdit}>
          Edit
        </Button>
      </Tooltip>
      <Tooltip label={cannotDelete} disabled={!cannotDelete}>
        <Button size="compact-xs" variant="subtle" color="red" aria-label={`Delete ${what}`} disabled={locked || Boolean(cannotDelete)} onClick={onDelete}>
          Delete
        </Button>
      </Tooltip>
    </Group>
  );
}
