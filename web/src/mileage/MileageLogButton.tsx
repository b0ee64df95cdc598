import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useViewer } from '../app/viewer-context';
import { useDownload } from '../exports/ExportButton';
import { EmployeeSelect } from '../lists/EmployeeSelect';

/** "Mileage log": one employee's trips of a period, with purpose, start, end, miles, rate and amount, as PDF or CSV. */
export function MileageLogButton() {
  const viewer = useViewer();
  const [opened, setOpened] = useState(false);
  const [employeeId, setEmployeeId] = useState<string | null>(viewer.id);
  const [period, setPeriod] = useState<[string | null, string | null]>([dayjs().startOf('year').format('YYYY-MM-DD'), dayjs().format('YYYY-MM-DD')]);
  const [fetching, download] = useDownload();
  const [from, to] = period;
  const get = async (kind: 'MILEAGE_LOG_PDF' | 'MILEAGE_LOG_CSV') => {
    if (await download(kind, { employeeId, from, to })) setOpened(false);
  };
  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)}>
        Mileage log
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Mileage log">
        <Stack>
          <Text size="sm" c="dimmed">
            Every trip of one employee in a period: date, purpose, start, end, miles, rate and amount, as a tax authority expects.
          </Text>
          <EmployeeSelect label="Employee" value={employeeId} onChange={setEmployeeId} />
          <DatePickerInput type="range" label="Period" allowSingleDateInRange valueFormat="MMM D, YYYY" value={period} onChange={([start, end]) => setPeriod([start ?? null, end ?? null])} />
          <Group justify="flex-end">
            <Button variant="default" disabled={!from || !to} loading={fetching} onClick={() => get('MILEAGE_LOG_CSV')}>
              Download CSV
            </Button>
            <Button disabled={!from || !to} loading={fetching} onClick={() => get('MILEAGE_LOG_PDF')}>
              Download PDF
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
