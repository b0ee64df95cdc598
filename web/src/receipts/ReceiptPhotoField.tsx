import { Alert, Button, FileButton, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { useState, type DragEvent } from 'react';
import type { Receipt } from './receipt-values';
import { maxFileBytes } from '../../../client/writes';
import { acceptedPhotoTypes, photoTooLargeMessage, useReceiptPhoto } from './use-receipt-photo';

interface ReceiptPhotoFieldProps {
  /** The receipt being edited (its photo is uploaded at once), or null for a new one. */
  receipt: Receipt | null;
  /** For a new receipt: the file chosen, sent with the receipt when it is saved. */
  pending: File | null;
  onPending(file: File | null): void;
}

/**
 * The photo part of the receipt form: drop a file, choose one, or take a photo (the camera on phones and
 * tablets). An existing receipt gets the photo at once, as its own change (kept in the outbox while
 * offline); a new one with its create.
 */
export function ReceiptPhotoField({ receipt, pending, onPending }: ReceiptPhotoFieldProps) {
  const photos = useReceiptPhoto();
  const [problem, setProblem] = useState<string | null>(null);
  const [queued, setQueued] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const photo = receipt?.photo ?? null;

  const take = async (file: File | null) => {
    setProblem(null);
    setQueued(null);
    if (!file) return;
    if (file.size > maxFileBytes) return setProblem(photoTooLargeMessage);
    if (!receipt) return onPending(file);
    const outcome = await photos.attach(receipt, file);
    if (outcome.kind === 'queued') setQueued(file.name);
    else if (outcome.kind !== 'saved') setProblem(outcome.message);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void take(event.dataTransfer.files[0] ?? null);
  };

  return (
    <Paper
      withBorder
      p="sm"
      bg={dragging ? 'var(--mantine-color-blue-light)' : undefined}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
      aria-label="Receipt photo"
      role="group"
    >
      <Stack gap="xs">
        <Group justify="space-between">
          <Text size="sm" fw={500}>
            Photo
          </Text>
          <Text size="xs" c="dimmed">
            JPEG, PNG, WebP or PDF, up to 10 MB; drop it here
          </Text>
        </Group>
        {photo && (
          <Group>
            {photo.thumbnailUrl ? <Image src={photo.thumbnailUrl} alt="The receipt's photo" w={96} radius="sm" /> : <Text size="sm">A PDF ({Math.ceil(photo.sizeBytes / 1024)} KB)</Text>}
          </Group>
        )}
        {pending && <Text size="sm">{pending.name} will be saved with the receipt.</Text>}
        {queued && (
          <Text size="sm" role="status">
            {queued} is kept on this device and attached when the connection is back.
          </Text>
        )}
        <Group gap="xs">
          <FileButton onChange={(file) => void take(file)} accept={acceptedPhotoTypes}>
            {(props) => (
              <Button {...props} variant="default" size="xs" loading={photos.uploading}>
                {photo || pending ? 'Replace photo' : 'Choose photo'}
              </Button>
            )}
          </FileButton>
          <FileButton onChange={(file) => void take(file)} accept="image/*" capture="environment">
            {(props) => (
              <Button {...props} variant="default" size="xs">
                Take photo
              </Button>
            )}
          </FileButton>
          {(photo || pending) && (
            <Button
              variant="subtle"
              color="red"
              size="xs"
              onClick={async () => {
                setProblem(null);
                if (!receipt) return onPending(null);
                setProblem(await photos.remove(receipt.id));
              }}
            >
              Remove photo
            </Button>
          )}
        </Group>
        {problem && (
          <Alert color="red" role="alert" p="xs">
            {problem}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
