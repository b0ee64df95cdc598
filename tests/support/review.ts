import { afterAll, beforeAll } from 'vitest';
import type { EngineUnderTest } from './engines';
import { demoIds } from './fixtures';
import { graphqlData } from './graphql-client';
import { startTestServer, type TestServer } from './test-server';

type DemoIds = Awaited<ReturnType<typeof demoIds>>;

export type Role = 'admin' | 'supervisor' | 'employee';

/** The review fields of an entry or a timesheet. */
export const outcomeFields = /* GraphQL */ `
  fragment ReviewFields on Reviewable {
    status locked rejectionReason submittedAt reviewedAt reimbursedAt statusChangedAt
    reviewedBy { id name } reimbursedBy { id name } statusChangedBy { id name }
  }
  fragment Outcome on Node {
    __typename id version ...ReviewFields
    ... on MileageEntry { miles purpose date reimbursement { centsPerMile amountCents fixed } }
    ... on Receipt { amountCents vendor }
    ... on TimeEntry { hours date notes }
    ... on Timesheet { weekStart hours entries { id version status } }
  }
`;

/** The errors a review step or a locked write ends in. */
export const failureFields = /* GraphQL */ `
  fragment Failure on Error {
    __typename message
    ... on ValidationError { fields { field message } }
    ... on LockedError { entityId status lockedAt lockedBy { id name } }
    ... on IllegalTransitionError { status }
    ... on VersionConflictError { expectedVersion current { ... on Node { id version } } }
    ... on NodeVersionConflictError { expectedVersion current { id version } }
  }
`;

/** A client for one server: runs operations as a demo role and returns `data`. */
export function reviewClient(server: TestServer) {
  const as = (role: Role, query: string, variables: Record<string, unknown> = {}) => graphqlData<any>(server.url, query, variables, server.tokens[role]);

  /** Runs a review step (`submit`, `approve`, ...) on an entry or timesheet; returns the result union member. */
  async function step(role: Role, verb: string, typename: string, id: string, version: number, reason?: string) {
    const withReason = reason !== undefined;
    const data = await as(
      role,
      `mutation ($id: ID!, $version: Int!${withReason ? ', $reason: String!' : ''}) {
        r: ${verb}${typename}(id: $id, version: $version${withReason ? ', reason: $reason' : ''}) { ...Outcome ...Failure }
      } ${outcomeFields} ${failureFields}`,
      { id, version, ...(withReason ? { reason } : {}) },
    );
    return data.r;
  }

  async function create(role: Role, typename: string, input: Record<string, unknown>) {
    const data = await as(role, `mutation ($input: Create${typename}Input!) { r: create${typename}(input: $input) { ...Outcome ...Failure } } ${outcomeFields} ${failureFields}`, { input });
    return data.r;
  }

  async function update(role: Role, typename: string, id: string, version: number, input: Record<string, unknown>) {
    const data = await as(role, `mutation ($id: ID!, $version: Int!, $input: Update${typename}Input!) { r: update${typename}(id: $id, version: $version, input: $input) { ...Outcome ...Failure } } ${outcomeFields} ${failureFields}`, { id, version, input });
    return data.r;
  }

  async function remove(role: Role, typename: string, id: string, version: number) {
    const data = await as(role, `mutation ($id: ID!, $version: Int!) { r: delete${typename}(id: $id, version: $version) { __typename ... on DeletedEntity { id } ...Failure } } ${failureFields}`, { id, version });
    return data.r;
  }

  async function node(role: Role, id: string) {
    return (await as(role, `query ($id: ID!) { node(id: $id) { ...Outcome } } ${outcomeFields}`, { id })).node;
  }

  async function history(role: Role, id: string) {
    const data = await as(role, `query ($id: ID!) { node(id: $id) { history(first: 100) { totalCount nodes { action at reason actor { name } changes { field before after } } } } }`, { id });
    return data.node?.history ?? null;
  }

  /** The timesheet of an employee's week, as the admin sees it. */
  async function week(employeeId: string, weekStart: string) {
    const data = await as('admin', `query ($filter: TimesheetFilter) { timesheets(filter: $filter) { nodes { ...Outcome } } } ${outcomeFields}`, {
      filter: { employeeId, from: weekStart, to: weekStart },
    });
    return data.timesheets.nodes[0];
  }

  return { as, step, create, update, remove, node, history, week };
}

export type ReviewClient = ReturnType<typeof reviewClient>;

/**
 * A real server over `engine` for the tests of one describe block, with the demo data's ids and a review
 * client: started before them, stopped after. Read its fields inside tests (they are set by then).
 */
export function reviewSuite(engine: EngineUnderTest): { readonly server: TestServer; readonly ids: DemoIds; readonly api: ReviewClient } {
  const suite = {} as { server: TestServer; ids: DemoIds; api: ReviewClient };
  beforeAll(async () => {
    suite.server = await startTestServer(engine);
    suite.ids = await demoIds(suite.server.app.services.db);
    suite.api = reviewClient(suite.server);
  });
  afterAll(async () => {
    await suite.server?.stop();
  });
  return suite;
}
