import { Button, Group, Tooltip } from '@mantine/core';

/**
 * Edit and Delete for one table row; `what` names the row for screen readers ("receipt Staples $42.10").
 * A locked (approved or reimbursed) row offers neither: it says why instead.
 */
export function RowActions({ what, locked = false, onEdit, onDelete }: { what: string; locked?: boolean; onEdit(): void; onDelete(): void }) {
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Tooltip label="Approved entries are locked; an admin can reopen them" disabled={!locked}>
        <Button size="compact-xs" variant="subtle" aria-label={`Edit ${what}`} disabled={locked} onClick={onEdit}>
          Edit
        </Button>
      </Tooltip>
      <Button size="compact-xs" variant="subtle" color="red" aria-label={`Delete ${what}`} disabled={locked} onClick={onDelete}>
        Delete
      </Button>
    </Group>
  );
}
