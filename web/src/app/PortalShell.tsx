import { Anchor, AppShell, Badge, Burger, Button, Center, Group, Loader, Modal, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useEffect, useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../graphql/graphql';
import { humanize } from '../lists/format';
import { ConnectionIndicator } from '../live/ConnectionIndicator';
import { OutboxBadge } from '../offline/OutboxBadge';
import { PageErrorBoundary } from './PageErrorBoundary';
import { usePortal } from './portal-context';
import { retryableLazy, type RetryableLazy } from './retryable-lazy';
import { navigate, pages, useRoute, type PagePath } from './route';
import { useViewer } from './viewer-context';

const PortalShell_Logout = graphql(`
  mutation PortalShell_Logout {
    logout
  }
`);

// Each page loads on first visit: the charts library alone is most of the bundle, and sign-in needs none of it.
const screens: Record<PagePath, RetryableLazy> = {
  '/': retryableLazy(() => import('../dashboard/DashboardPage').then((module) => module.DashboardPage)),
  '/approvals': retryableLazy(() => import('../approvals/ApprovalsPage').then((module) => module.ApprovalsPage)),
  '/employees': retryableLazy(() => import('../employees/EmployeesPage').then((module) => module.EmployeesPage)),
  '/mileage': retryableLazy(() => import('../mileage/MileagePage').then((module) => module.MileagePage)),
  '/receipts': retryableLazy(() => import('../receipts/ReceiptsPage').then((module) => module.ReceiptsPage)),
  '/time': retryableLazy(() => import('../time/TimePage').then((module) => module.TimePage)),
  '/clock': retryableLazy(() => import('../clock/OnTheClockPage').then((module) => module.OnTheClockPage)),
};

function NotFoundPage() {
  return (
    <Stack align="flex-start">
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text>There is no page at {window.location.pathname}.</Text>
      <Anchor
        href="/"
        onClick={(event) => {
          event.preventDefault();
          navigate('/');
        }}
      >
        Go to the dashboard
      </Anchor>
    </Stack>
  );
}

/** The current page, its failures kept inside it; a page whose code failed to load can be loaded again. */
function CurrentPage({ path }: { path: PagePath }) {
  const [attempt, setAttempt] = useState(0);
  const screen = screens[path];
  const Screen = screen.current();
  return (
    <PageErrorBoundary
      key={`${path}#${attempt}`}
      onRetry={() => {
        screen.retry();
        setAttempt((count) => count + 1);
      }}
    >
      <Suspense
        fallback={
          <Center py="xl">
            <Loader size="sm" role="status" aria-label="Loading page" />
          </Center>
        }
      >
        <Screen />
      </Suspense>
    </PageErrorBoundary>
  );
}

/** Header (connection state, who is signed in), navigation and the current page. */
export function PortalShell({ onSignedOut }: { onSignedOut(): void }) {
  const viewer = useViewer();
  const route = useRoute();
  const [navOpened, nav] = useDisclosure(false);
  const [{ fetching: signingOut }, logout] = useMutation(PortalShell_Logout);
  const title = pages.find((page) => page.path === route)?.label ?? 'Page not found';
  useEffect(() => {
    document.title = `${title} · StaffSync`;
  }, [title]);

  const { outbox } = usePortal();
  const [confirmingSignOut, setConfirmingSignOut] = useState(false);
  const signOut = async () => {
    // The session ends on the server even if this answer is lost; signing out here does not wait for more.
    await logout({});
    // Nothing of this employee's stays on a shared computer.
    await outbox.discard();
    onSignedOut();
  };
  const askToSignOut = () => (outbox.get().waiting.length > 0 ? setConfirmingSignOut(true) : void signOut());

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 'md', collapsed: { mobile: !navOpened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpened} onClick={nav.toggle} hiddenFrom="md" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} size="xl" component="span">
              StaffSync
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ConnectionIndicator />
            <OutboxBadge />
            <Text size="sm" fw={500} visibleFrom="xs">
              {viewer.name}
            </Text>
            <Badge variant="outline" color="gray" visibleFrom="xs">
              {humanize(viewer.role)}
            </Badge>
            <Button variant="default" size="xs" loading={signingOut} onClick={askToSignOut}>
              Sign out
            </Button>
            <Modal opened={confirmingSignOut} onClose={() => setConfirmingSignOut(false)} title="Sign out and discard unsent changes?" size="sm">
              <Stack>
                <Text size="sm">
                  {outbox.get().waiting.length} changes made without a connection have not reached the server yet. Signing out deletes them from this device.
                </Text>
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => setConfirmingSignOut(false)}>
                    Stay signed in
                  </Button>
                  <Button color="red" loading={signingOut} onClick={signOut}>
                    Sign out and discard
                  </Button>
                </Group>
              </Stack>
            </Modal>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {pages
          // Employees review nothing; the server would show them an empty queue.
          .filter((page) => page.path !== '/approvals' || viewer.role !== 'EMPLOYEE')
          .map((page) => (
          <NavLink
            key={page.path}
            href={page.path}
            label={page.label}
            active={route === page.path}
            aria-current={route === page.path ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              navigate(page.path);
              nav.close();
            }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {route === null ? <NotFoundPage /> : <CurrentPage key={route} path={route} />}
      </AppShell.Main>
    </AppShell>
  );
}
