import { Alert, Button, Stack, Text } from '@mantine/core';
import { Component, useEffect, type ReactNode } from 'react';
import { usePortal } from './portal-context';
import { isLoadFailure } from './retryable-lazy';

interface BoundaryProps {
  /** What to try again: load the page's code anew. */
  onRetry(): void;
  children: ReactNode;
}

/**
 * Keeps a page's failure inside the page: the header and navigation stay, the user reads what happened,
 * and a page whose code could not be downloaded loads by itself once the connection is back.
 */
export class PageErrorBoundary extends Component<BoundaryProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error) {
    console.error('A page failed', error);
  }

  private retry = () => {
    this.props.onRetry();
    this.setState({ error: null });
  };

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return <PageFailure unreachable={isLoadFailure(error)} onRetry={this.retry} />;
  }
}

function PageFailure({ unreachable, onRetry }: { unreachable: boolean; onRetry(): void }) {
  const { connection } = usePortal();
  useEffect(() => {
    if (!unreachable) return;
    const retryWhenLive = () => {
      if (connection.get().kind === 'live') onRetry();
    };
    window.addEventListener('online', onRetry);
    const unsubscribe = connection.subscribe(retryWhenLive);
    return () => {
      window.removeEventListener('online', onRetry);
      unsubscribe();
    };
  }, [unreachable, connection, onRetry]);

  return (
    <Alert color={unreachable ? 'orange' : 'red'} role="alert" title={unreachable ? 'This page could not be loaded' : 'Something went wrong on this page'}>
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          {unreachable
            ? 'The server could not be reached. The page opens by itself as soon as the connection is back.'
            : 'The rest of the portal still works. Try again, or open another page.'}
        </Text>
        <Button size="xs" variant="light" onClick={onRetry}>
          Try again
        </Button>
      </Stack>
    </Alert>
  );
}
