import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { graphqlData } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { recordPunch, sendPunches, type PunchOutcome, type QueuedPunch } from './examples/punch-clock';
import { signIn } from './examples/sign-in';

describe('README "Punching the clock"', () => {
  it('shows punch-clock.ts exactly as the tests run it', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL('./examples/punch-clock.ts', import.meta.url), 'utf8');
    expect(readme).toContain(source.trim());
  });
});

describe.each(engines)('the punch example on $name', (engine) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.stop());

  it('punches offline, sends the queue in order, and a queue sent again counts once', async () => {
    const token = await signIn(server.url, 'jordan@staffsync.example', 'demo-password');
    // Made in a tunnel: recorded with the device's time then, sent when the phone is back online.
    const madeAgo = (hours: number, punch: QueuedPunch): QueuedPunch => ({ ...punch, input: { ...punch.input, at: new Date(Date.now() - hours * 3_600_000).toISOString() } });
    const made = [madeAgo(5, recordPunch('clockIn', { note: 'Site B' })), madeAgo(3, recordPunch('startBreak')), madeAgo(2.5, recordPunch('endBreak')), recordPunch('clockOut')];
    const outcomes: PunchOutcome[] = [];
    const queue = [...made];
    await sendPunches(server.url, token, queue, (_punch, outcome) => outcomes.push(outcome));
    expect(queue).toEqual([]);
    expect(outcomes.map((outcome) => [outcome.__typename, outcome.state])).toEqual([
      ['Shift', 'ON_THE_CLOCK'],
      ['Shift', 'ON_BREAK'],
      ['Shift', 'ON_THE_CLOCK'],
      ['Shift', 'NOT_CLOCKED_IN'],
    ]);
    const again: PunchOutcome[] = [];
    await sendPunches(server.url, token, [...made], (_punch, outcome) => again.push(outcome));
    expect(again.map((outcome) => outcome.id)).toEqual(outcomes.map((outcome) => outcome.id));
    const { shifts } = await graphqlData(server.url, '{ shifts(first: 10) { nodes { id workedHours punches { kind } } } }', {}, token);
    expect(shifts.nodes.filter((shift: { id: string }) => shift.id === outcomes[0]!.id)).toEqual([
      { id: outcomes[0]!.id, workedHours: expect.closeTo(4.5, 1), punches: [{ kind: 'CLOCK_IN' }, { kind: 'BREAK_START' }, { kind: 'BREAK_END' }, { kind: 'CLOCK_OUT' }] },
    ]);
    const late: PunchOutcome[] = [];
    await sendPunches(server.url, token, [recordPunch('clockOut')], (_punch, outcome) => late.push(outcome));
    expect(late).toEqual([expect.objectContaining({ __typename: 'ClockStateError', state: 'NOT_CLOCKED_IN' })]);
  });
});
