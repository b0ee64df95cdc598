import { Button, Group, Modal, Stack, Table, Text } from '@mantine/core';

export interface ComparedField {
  label: string;
  mine: string;
  theirs: string;
}

interface ConflictDialogProps {
  opened: boolean;
  message: string;
  fields: ComparedField[];
  /** "Save mine", "Delete anyway". */
  mineLabel: string;
  /** "Keep theirs", "Keep it". */
  theirsLabel: string;
  busy: boolean;
  onTakeMine(): void;
  onKeepTheirs(): void;
}

/** Someone else changed the entry first: both versions side by side, differences marked, and the choice. */
export function ConflictDialog(props: ConflictDialogProps) {
  return (
    <Modal opened={props.opened} onClose={props.onKeepTheirs} title="Someone else changed this entry" size="lg" zIndex={300}>
      <Stack>
        <Text size="sm">{props.message}. Compare the two versions and choose which one to keep.</Text>
        <Table withTableBorder verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Field</Table.Th>
              <Table.Th>Yours</Table.Th>
              <Table.Th>Saved by someone else</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.fields.map((field) => {
              const differs = field.mine !== field.theirs;
              return (
                <Table.Tr key={field.label} fw={differs ? 600 : undefined} bg={differs ? 'yellow.0' : undefined}>
                  <Table.Td>{field.label}</Table.Td>
                  <Table.Td>{field.mine}</Table.Td>
                  <Table.Td>{field.theirs}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onKeepTheirs}>
            {props.theirsLabel}
          </Button>
          <Button loading={props.busy} onClick={props.onTakeMine}>
            {props.mineLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
