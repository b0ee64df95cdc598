import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../graphql/graphql';
import { requestErrorMessage } from '../graphql/request-error';

const ExportButton_CreateLink = graphql(`
  mutation ExportButton_CreateLink($export: ExportKind!, $filter: ExportFilter) {
    createExportLink(export: $export, filter: $filter) {
      __typename
      ... on ExportLink {
        url
      }
      ... on Error {
        message
      }
    }
  }
`);

export type ExportKind = 'MILEAGE_CSV' | 'RECEIPTS_CSV' | 'TIME_CSV' | 'MILEAGE_LOG_CSV' | 'MILEAGE_LOG_PDF';

export interface ExportFilter {
  employeeId?: string | null;
  costCenterId?: string | null;
  from?: string | null;
  to?: string | null;
  status?: readonly string[] | null;
}

/**
 * Asks the server for a signed link and lets the browser download it: a link cannot carry the bearer
 * header, and the browser streams the file to disk however long it is.
 */
export function useDownload(): [boolean, (kind: ExportKind, filter: ExportFilter | null) => Promise<boolean>] {
  const [{ fetching }, createLink] = useMutation(ExportButton_CreateLink);
  const download = async (kind: ExportKind, filter: ExportFilter | null) => {
    const result = await createLink({ export: kind, filter: filter as never });
    const link = result.data?.createExportLink;
    if (link?.__typename !== 'ExportLink') {
      notifications.show({ title: 'Could not export', message: link && 'message' in link ? link.message : requestErrorMessage(result.error, 'loaded'), color: 'red' });
      return false;
    }
    const anchor = document.createElement('a');
    anchor.href = link.url;
    anchor.download = '';
    anchor.click();
    return true;
  };
  return [fetching, download];
}

/** "Export CSV": downloads the list as it is filtered. */
export function ExportButton({ kind, filter }: { kind: ExportKind; filter: ExportFilter | null }) {
  const [fetching, download] = useDownload();
  return (
    <Button variant="default" loading={fetching} onClick={() => download(kind, filter)}>
      Export CSV
    </Button>
  );
}
