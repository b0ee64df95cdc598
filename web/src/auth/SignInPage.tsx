import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useState } from 'react';
import { createSignInClient } from '../graphql/client';
import { graphql } from '../graphql/graphql';
import type { Session } from './session';

const SignInPage_Login = graphql(`
  mutation SignInPage_Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      __typename
      ... on Session {
        token
        employee {
          id
          name
          role
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export function SignInPage({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const client = useMemo(() => createSignInClient(), []);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({ initialValues: { email: '', password: '' } });

  const signIn = async (values: typeof form.values) => {
    setBusy(true);
    setFailure(null);
    const result = await client.mutation(SignInPage_Login, values).toPromise();
    setBusy(false);
    const login = result.data?.login;
    if (login?.__typename === 'Session') return onSignedIn({ token: login.token, employee: login.employee });
    setFailure(login && 'message' in login ? login.message : 'The server could not be reached. Try again in a moment.');
  };

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={380}>
        <form onSubmit={form.onSubmit(signIn)}>
          <Stack>
            <div>
              <Title order={1} size="h2">StaffSync</Title>
              <Text c="dimmed" size="sm">
                Sign in to review trips, receipts and hours.
              </Text>
            </div>
            {failure && (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            )}
            <TextInput label="Email" type="email" autoComplete="username" required autoFocus {...form.getInputProps('email')} />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              // Mantine leaves the show-password toggle out of the Tab order; keyboard users need it too.
              visibilityToggleButtonProps={{ tabIndex: 0, 'aria-label': 'Show or hide the password' }}
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
