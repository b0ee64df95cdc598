import { Button, Group } from '@mantine/core';

/** Edit and Delete for one table row; `what` names the row for screen readers ("receipt Staples $42.10"). */
export function RowActions({ what, onEdit, onDelete }: { what: string; onEdit(): void; onDelete(): void }) {
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Button size="compact-xs" variant="subtle" aria-label={`Edit ${what}`} onClick={onEdit}>
        Edit
      </Button>
      <Button size="compact-xs" variant="subtle" color="red" aria-label={`Delete ${what}`} onClick={onDelete}>
        Delete
      </Button>
    </Group>
  );
}
