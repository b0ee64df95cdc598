import { Anchor, Button, Group, Image, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Receipt } from './receipt-values';

type Photo = NonNullable<Receipt['photo']>;

const zoomSteps = [1, 1.5, 2, 3, 4];

/** The photo at full size in a dialog, zoomed in steps and scrolled around; a PDF is offered as a download. */
export function ReceiptPhotoViewer({ photo, title, onClose }: { photo: Photo; title: string; onClose(): void }) {
  const [zoom, setZoom] = useState(0);
  const isPdf = photo.contentType === 'application/pdf';
  return (
    <Modal opened onClose={onClose} title={title} size="xl">
      {isPdf ? (
        <Stack>
          <Text>This receipt is a PDF ({Math.ceil(photo.sizeBytes / 1024)} KB).</Text>
          <Anchor href={photo.url} download>
            Download the PDF
          </Anchor>
        </Stack>
      ) : (
        <Stack>
          <Group>
            <Button variant="default" size="xs" disabled={zoom === 0} onClick={() => setZoom(zoom - 1)} aria-label="Zoom out">
              −
            </Button>
            <Text size="sm" aria-live="polite">
              {zoomSteps[zoom]! * 100}%
            </Text>
            <Button variant="default" size="xs" disabled={zoom === zoomSteps.length - 1} onClick={() => setZoom(zoom + 1)} aria-label="Zoom in">
              +
            </Button>
            <Anchor href={photo.url} target="_blank" rel="noreferrer" size="sm">
              Open full size
            </Anchor>
          </Group>
          <ScrollArea h="70vh">
            <Image src={photo.url} alt={title} w={`${zoomSteps[zoom]! * 100}%`} maw="none" fit="contain" />
          </ScrollArea>
        </Stack>
      )}
    </Modal>
  );
}
