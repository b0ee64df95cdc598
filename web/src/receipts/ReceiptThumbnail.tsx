import { Badge, Image, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useClient } from 'urql';
import { graphql } from '../graphql/graphql';
import { ReceiptFields } from './receipt-fields';
import type { Receipt } from './receipt-values';
import { ReceiptPhotoViewer } from './ReceiptPhotoViewer';

const ReceiptThumbnail_Fresh = graphql(
  `
    query ReceiptThumbnail_Fresh($id: ID!) {
      node(id: $id) {
        __typename
        ... on Receipt {
          ...ReceiptFields
        }
      }
    }
  `,
  [ReceiptFields],
);

/**
 * A receipt's thumbnail in a table cell (a PDF badge for a PDF), opening the viewer. Photo links expire
 * after some minutes: an image that fails to load asks for the receipt again, once per link, and the
 * cache shows the fresh one.
 */
export function ReceiptThumbnail({ receipt, label }: { receipt: Receipt; label: string }) {
  const client = useClient();
  const [viewing, setViewing] = useState(false);
  const [refreshedFor, setRefreshedFor] = useState<string | null>(null);
  const { photo } = receipt;
  if (!photo) return null;
  const refresh = () => {
    if (refreshedFor === photo.url) return;
    setRefreshedFor(photo.url);
    void client.query(ReceiptThumbnail_Fresh, { id: receipt.id }, { requestPolicy: 'network-only' }).toPromise();
  };
  return (
    <>
      <UnstyledButton onClick={() => setViewing(true)} aria-label={`View photo of ${label}`}>
        {photo.thumbnailUrl ? (
          <Image src={photo.thumbnailUrl} alt="" w={40} h={40} fit="cover" radius="sm" loading="lazy" onError={refresh} />
        ) : (
          <Badge variant="light">PDF</Badge>
        )}
      </UnstyledButton>
      {viewing && <ReceiptPhotoViewer photo={photo} title={`Photo of ${label}`} onClose={() => setViewing(false)} />}
    </>
  );
}
