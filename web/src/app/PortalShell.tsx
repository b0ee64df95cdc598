import { AppShell, Badge, Burger, Button, Center, Group, Loader, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../graphql/graphql';
import { humanize } from '../lists/format';
import { ConnectionIndicator } from '../live/ConnectionIndicator';
import { navigate, pages, useRoute, type PagePath } from './route';
import { useViewer } from './viewer-context';

const PortalShell_Logout = graphql(`
  mutation PortalShell_Logout {
    logout
  }
`);

// Each page loads on first visit: the charts library alone is most of the bundle, and sign-in needs none of it.
const screens: Record<PagePath, LazyExoticComponent<ComponentType>> = {
  '/': lazy(() => import('../dashboard/DashboardPage').then((module) => ({ default: module.DashboardPage }))),
  '/approvals': lazy(() => import('../approvals/ApprovalsPage').then((module) => ({ default: module.ApprovalsPage }))),
  '/employees': lazy(() => import('../employees/EmployeesPage').then((module) => ({ default: module.EmployeesPage }))),
  '/mileage': lazy(() => import('../mileage/MileagePage').then((module) => ({ default: module.MileagePage }))),
  '/receipts': lazy(() => import('../receipts/ReceiptsPage').then((module) => ({ default: module.ReceiptsPage }))),
  '/time': lazy(() => import('../time/TimePage').then((module) => ({ default: module.TimePage }))),
  '/clock': lazy(() => import('../clock/OnTheClockPage').then((module) => ({ default: module.OnTheClockPage }))),
};

/** Header (connection state, who is signed in), navigation and the current page. */
export function PortalShell({ onSignedOut }: { onSignedOut(): void }) {
  const viewer = useViewer();
  const route = useRoute();
  const [navOpened, nav] = useDisclosure(false);
  const [{ fetching: signingOut }, logout] = useMutation(PortalShell_Logout);
  const Screen = screens[route];

  const signOut = async () => {
    // The session ends on the server even if this answer is lost; signing out here does not wait for more.
    await logout({});
    onSignedOut();
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 'md', collapsed: { mobile: !navOpened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpened} onClick={nav.toggle} hiddenFrom="md" size="sm" aria-label="Toggle navigation" />
            <Title order={3}>StaffSync</Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ConnectionIndicator />
            <Text size="sm" fw={500} visibleFrom="xs">
              {viewer.name}
            </Text>
            <Badge variant="outline" color="gray" visibleFrom="xs">
              {humanize(viewer.role)}
            </Badge>
            <Button variant="default" size="xs" loading={signingOut} onClick={signOut}>
              Sign out
            </Button>
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
            onClick={(event) => {
              event.preventDefault();
              navigate(page.path);
              nav.close();
            }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense
          fallback={
            <Center py="xl">
              <Loader size="sm" aria-label="Loading page" />
            </Center>
          }
        >
          <Screen />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
