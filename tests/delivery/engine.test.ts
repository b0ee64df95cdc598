import { GraphQLError } from 'graphql';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Scope } from '../../server/auth/rules';
import type { ChangeEvent } from '../../server/changelog/change-log';
import { encodeCursor } from '../../server/changelog/cursor';
import { Delivery, type JoinRequest } from '../../server/delivery/delivery';
import type { LogReader } from '../../server/delivery/feed-view';
import { Metrics } from '../../server/observability/metrics';
import { FakeFeed, fakeDatabaseId, receiptEvent } from './fake-feed';
import { FakeSink } from './fake-sink';

/** A gate a test opens by hand: work waiting on it pauses exactly where the test wants it paused. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

function engine(
  options: { rights?: (employeeId: string) => Scope; maxPendingEvents?: number; readLog?: LogReader; fail?: (event: ChangeEvent) => boolean; personal?: (event: ChangeEvent) => boolean } = {},
) {
  const feed = new FakeFeed();
  const executions: Array<{ operation: string; position: number; employeeId: string }> = [];
  const rightsBatches: string[][] = [];
  const metrics = new Metrics({ openSockets: () => 0, activeOperations: () => 0, feedPosition: () => feed.lastPosition });
  const delivery = new Delivery<string>(
    {
      feed,
      readLog: options.readLog ?? feed.readLog,
      rights: async (employeeId) => options.rights?.(employeeId) ?? { kind: 'all' },
      rightsOfMany: async (employeeIds) => {
        rightsBatches.push([...employeeIds]);
        return new Map(employeeIds.map((employeeId) => [employeeId, options.rights?.(employeeId) ?? { kind: 'all' }]));
      },
      execute: async (operation, event, _scope, employeeId) => {
        if (options.fail?.(event)) throw new Error('database gone');
        executions.push({ operation, position: event.position, employeeId });
        return { result: { data: { id: event.entityId } }, personal: options.personal?.(event) ?? false };
      },
      mask: (error) => (error instanceof GraphQLError ? error : new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })),
      metrics,
      log: pino({ level: 'silent' }),
    },
    { maxPendingEvents: options.maxPendingEvents },
  );
  const join = (request: Partial<Omit<JoinRequest<string>, 'sink'>> & { sink?: FakeSink } = {}) => {
    const sink = request.sink ?? new FakeSink();
    const member = delivery.join({ groupKey: 'admins', operationKey: request.operation ?? 'op', employeeId: 'emp_admin', types: null, after: null, operation: 'op', onSlow: () => {}, ...request, sink });
    return { sink, member };
  };
  const metric = async (name: string) => (await metrics.registry.getSingleMetric(name)?.get())?.values.reduce((sum, value) => sum + value.value, 0);
  return { feed, delivery, executions, rightsBatches, join, metric };
}

const ids = (events: ChangeEvent[]) => events.map((event) => event.entityId);

describe('the delivery engine', () => {
  it('delivers what the feed reads after a live member joined, in order, once', async () => {
    const { feed, join } = engine();
    const before = receiptEvent('emp_a');
    feed.commit(before);
    feed.read();
    const { sink } = join();
    const events = [receiptEvent('emp_a'), receiptEvent('emp_b'), receiptEvent('emp_a')];
    feed.commit(...events);
    feed.read();
    await expect.poll(() => sink.ids).toEqual(ids(events));
    expect(sink.ids).not.toContain(before.entityId);
  });

  it('replays from the log, then goes live at the boundary with no gap and no duplicate', async () => {
    const paused = gate();
    let reads = 0;
    const readLogCalls: number[] = [];
    const { feed, join } = engine({
      readLog: async (after, limit, types) => {
        readLogCalls.push(after);
        if (reads++ === 0) await paused.opened;
        return feed.readLog(after, limit, types);
      },
    });
    const history = Array.from({ length: 5 }, () => receiptEvent('emp_a'));
    feed.commit(...history);
    feed.read();
    // Memory no longer reaches back to the cursor: the replay must read the log.
    feed.memoryAfter = history[4]!.position;
    const { sink, member } = join({ after: history[1]!.position });
    await expect.poll(() => readLogCalls.length).toBe(1);
    // Committed and read by the feed while the replay waits on the database: they reach the group's live
    // queue while the member is still catching up, and the replay's own read finds them too.
    const duringReplay = [receiptEvent('emp_a'), receiptEvent('emp_a')];
    feed.commit(...duringReplay);
    feed.read();
    paused.open();
    await expect.poll(() => member.live).toBe(true);
    const afterwards = receiptEvent('emp_a');
    feed.commit(afterwards);
    feed.read();
    const expected = ids([...history.slice(2), ...duringReplay, afterwards]);
    await expect.poll(() => sink.ids).toEqual(expected);
  });

  it('shares one execution per event between a live member and one still replaying, and sends neither anything twice', async () => {
    const { feed, join, executions } = engine();
    const history = Array.from({ length: 3 }, () => receiptEvent('emp_a'));
    feed.commit(...history);
    feed.read();
    const live = join();
    const resuming = join({ after: 0 });
    const next = receiptEvent('emp_a');
    feed.commit(next);
    feed.read();
    await expect.poll(() => resuming.sink.ids).toEqual(ids([...history, next]));
    await expect.poll(() => live.sink.ids).toEqual(ids([next]));
    expect(executions.map((execution) => execution.position).sort((a, b) => a - b)).toEqual([...history, next].map((event) => event.position));
  });

  it('ends a member that stops reading as a slow consumer, naming the last cursor it was sent', async () => {
    let slow = 0;
    const { feed, join, delivery, metric } = engine({ maxPendingEvents: 3 });
    const stuck = join({ onSlow: () => (slow += 1) });
    stuck.sink.holding = true;
    const healthy = join();
    const events = Array.from({ length: 6 }, () => receiptEvent('emp_a'));
    feed.commit(...events);
    feed.read();
    const outcome = await stuck.member.outcome;
    expect(outcome?.errors?.[0]?.extensions).toEqual({ code: 'SLOW_CONSUMER', after: encodeCursor(events[2]!.position, fakeDatabaseId) });
    expect(stuck.sink.ids).toEqual(ids(events.slice(0, 3)));
    expect(slow).toBe(1);
    expect(await metric('staffsync_slow_consumer_disconnects_total')).toBe(1);
    // The one who keeps reading is not slowed down or cut.
    await expect.poll(() => healthy.sink.ids).toEqual(ids(events));
    expect(delivery.subscriberCount).toBe(1);
  });

  it('waits for the transport during a long replay instead of buffering past the allowance', async () => {
    const { feed, join } = engine({ maxPendingEvents: 4 });
    const history = Array.from({ length: 10 }, () => receiptEvent('emp_a'));
    feed.commit(...history);
    feed.read();
    const { sink, member } = join({ after: 0, sink: Object.assign(new FakeSink(), { holding: true }) });
    await expect.poll(() => sink.written.length).toBe(2);
    expect(member.isEnded).toBe(false);
    sink.release();
    sink.holding = false;
    await expect.poll(() => sink.ids).toEqual(ids(history));
    expect(member.isEnded).toBe(false);
  });

  it('stops a member cancelled mid-replay: nothing more is written and its group goes', async () => {
    const paused = gate();
    const { feed, join, delivery } = engine({
      readLog: async (after, limit, types) => {
        await paused.opened;
        return feed.readLog(after, limit, types);
      },
    });
    feed.commit(...Array.from({ length: 3 }, () => receiptEvent('emp_a')));
    feed.read();
    feed.memoryAfter = feed.lastPosition;
    const { sink, member } = join({ after: 0 });
    member.end();
    paused.open();
    expect(await member.outcome).toBeNull();
    expect(delivery.groupCount).toBe(0);
    expect(feed.listenerCount).toBe(0);
    feed.commit(receiptEvent('emp_a'));
    feed.read();
    await Promise.resolve();
    expect(sink.written).toEqual([]);
  });

  it('stops replaying to a transport that closed before the member was ended, without spinning', async () => {
    const { feed, join } = engine();
    feed.commit(...Array.from({ length: 5 }, () => receiptEvent('emp_a')));
    feed.read();
    const sink = new FakeSink();
    sink.open = false;
    const { member } = join({ after: 0, sink });
    // The replay gives up on a closed transport; the transport's close then ends the member.
    await new Promise((resolve) => setImmediate(resolve));
    member.end();
    expect(await member.outcome).toBeNull();
    expect(sink.written).toEqual([]);
  });

  it('keeps a group while it has members: joins and leaves change who is written to, not how often it executes', async () => {
    const { feed, join, delivery, executions } = engine();
    const first = join();
    const second = join();
    const other = join({ groupKey: 'supervisor', employeeId: 'emp_sup', operation: 'other-op' });
    expect(delivery.groupCount).toBe(2);
    // The groups share one listener, which offers each event to the groups it may concern.
    expect(feed.listenerCount).toBe(1);
    const one = receiptEvent('emp_a');
    feed.commit(one);
    feed.read();
    await expect.poll(() => [first.sink.ids, second.sink.ids, other.sink.ids]).toEqual([[one.entityId], [one.entityId], [one.entityId]]);
    second.member.end();
    const late = join();
    const two = receiptEvent('emp_a');
    feed.commit(two);
    feed.read();
    await expect.poll(() => [first.sink.ids, late.sink.ids]).toEqual([ids([one, two]), ids([two])]);
    expect(second.sink.ids).toEqual(ids([one]));
    expect(executions.filter((execution) => execution.operation === 'op').map((execution) => execution.position)).toEqual([one.position, two.position]);
    for (const member of [first.member, late.member, other.member]) member.end();
    expect([delivery.groupCount, delivery.subscriberCount, feed.listenerCount]).toEqual([0, 0, 0]);
  });

  it('reads the rights per event, so a narrowed scope applies from the next event on', async () => {
    let scope: Scope = { kind: 'employees', employeeIds: new Set(['emp_sup', 'emp_a']) };
    const { feed, join } = engine({ rights: () => scope });
    const { sink } = join({ groupKey: 'supervisor', employeeId: 'emp_sup' });
    const visible = receiptEvent('emp_a');
    const hidden = receiptEvent('emp_b');
    feed.commit(visible, hidden);
    feed.read();
    await expect.poll(() => sink.ids).toEqual([visible.entityId]);
    scope = { kind: 'employees', employeeIds: new Set(['emp_sup']) };
    const afterNarrowing = receiptEvent('emp_a');
    const own = receiptEvent('emp_sup');
    feed.commit(afterNarrowing, own);
    feed.read();
    await expect.poll(() => sink.ids).toEqual([visible.entityId, own.entityId]);
  });

  it('offers an event only to the groups whose scope may reach it, and to every group after an employee change', async () => {
    const own = (employeeId: string): Scope => ({ kind: 'employees', employeeIds: new Set([employeeId]), holderId: employeeId });
    const scopes = new Map<string, Scope>([
      ['emp_a', own('emp_a')],
      ['emp_b', own('emp_b')],
      ['emp_sup', { kind: 'employees', employeeIds: new Set(['emp_sup', 'emp_a']), holderId: 'emp_sup' }],
      ['emp_admin', { kind: 'all' }],
    ]);
    const { feed, join, rightsBatches, metric } = engine({ rights: (employeeId) => scopes.get(employeeId)! });
    const [a, b, supervisor, admin] = [join({ groupKey: 'a', employeeId: 'emp_a' }), join({ groupKey: 'b', employeeId: 'emp_b' }), join({ groupKey: 'sup', employeeId: 'emp_sup' }), join({ groupKey: 'admin', employeeId: 'emp_admin' })];
    // Groups that start together have their rights read together, before the first event needs them.
    await expect.poll(() => rightsBatches).toEqual([['emp_a', 'emp_b', 'emp_sup', 'emp_admin']]);
    const ofA = receiptEvent('emp_a');
    feed.commit(ofA);
    feed.read();
    await expect.poll(() => [a, b, supervisor, admin].map(({ sink }) => sink.ids)).toEqual([[ofA.entityId], [], [ofA.entityId], [ofA.entityId]]);
    expect(await metric('staffsync_group_checks_total')).toBe(3);

    // b becomes a's supervisor: the change reaches every group, and a's next receipt reaches b as well.
    scopes.set('emp_b', { kind: 'employees', employeeIds: new Set(['emp_b', 'emp_a']), holderId: 'emp_b' });
    const promoted: ChangeEvent = { ...receiptEvent('emp_b'), type: 'EMPLOYEE', entityId: 'emp_b', employeeId: 'emp_b' };
    const next = receiptEvent('emp_a');
    feed.commit(promoted, next);
    feed.read();
    await expect.poll(() => [a, b, supervisor, admin].map(({ sink }) => sink.ids)).toEqual([
      [ofA.entityId, next.entityId],
      [promoted.entityId, next.entityId],
      [ofA.entityId, next.entityId],
      [ofA.entityId, promoted.entityId, next.entityId],
    ]);
  });

  it('offers an entry given to another employee to the groups of its previous owner too, for whom it LEFT', async () => {
    const { feed, join, rightsBatches } = engine({ rights: (employeeId) => ({ kind: 'employees', employeeIds: new Set([employeeId]), holderId: employeeId }) });
    const [a, b] = [join({ groupKey: 'a', employeeId: 'emp_a' }), join({ groupKey: 'b', employeeId: 'emp_b' })];
    await expect.poll(() => rightsBatches.length).toBe(1);
    const created = receiptEvent('emp_a');
    const given: ChangeEvent = { ...receiptEvent('emp_b'), action: 'UPDATE', entityId: created.entityId, previous: { employeeId: 'emp_a' } };
    feed.commit(created, given);
    feed.read();
    await expect.poll(() => [a.sink.ids, b.sink.ids]).toEqual([[created.entityId, created.entityId], [created.entityId]]);
  });

  it('answers a cursor below the retention horizon with RESYNC_REQUIRED and keeps nothing', async () => {
    const { feed, join, delivery } = engine();
    feed.commit(...Array.from({ length: 4 }, () => receiptEvent('emp_a')));
    feed.read();
    feed.horizon = feed.log[2]!.position;
    const { member } = join({ after: feed.log[0]!.position });
    const outcome = await member.outcome;
    expect(outcome?.errors?.[0]?.extensions?.code).toBe('RESYNC_REQUIRED');
    expect(delivery.groupCount).toBe(0);
  });

  it('ends live members with a masked error when an event cannot be executed; they resume from their cursor', async () => {
    const broken = receiptEvent('emp_a');
    const { feed, join, delivery } = engine({ fail: (event) => event === broken });
    const { sink, member } = join();
    const fine = receiptEvent('emp_a');
    feed.commit(fine, broken);
    feed.read();
    const outcome = await member.outcome;
    expect(outcome?.errors?.map((error) => [error.message, error.extensions.code])).toEqual([['Unexpected error.', 'INTERNAL_SERVER_ERROR']]);
    expect(sink.ids).toEqual([fine.entityId]);
    expect(delivery.groupCount).toBe(0);
  });

  it('shares an execution between groups whose rights reach everything, unless its result was made for one of them', async () => {
    const supervising: Scope = { kind: 'employees', employeeIds: new Set(['emp_a']) };
    const scopes = new Map<string, Scope>([
      ['emp_admin', { kind: 'all' }],
      ['emp_admin2', { kind: 'all' }],
      ['emp_sup', supervising],
      ['emp_sup2', supervising],
    ]);
    const personal = new Set<ChangeEvent>();
    const { feed, join, executions, metric } = engine({ rights: (employeeId) => scopes.get(employeeId)!, personal: (event) => personal.has(event) });
    const subscribers = [
      join({ groupKey: 'admin', employeeId: 'emp_admin' }),
      join({ groupKey: 'admin2', employeeId: 'emp_admin2' }),
      join({ groupKey: 'admin2 other', employeeId: 'emp_admin2', operation: 'other-op' }),
      join({ groupKey: 'sup', employeeId: 'emp_sup' }),
      join({ groupKey: 'sup2', employeeId: 'emp_sup2' }),
    ];
    const plain = receiptEvent('emp_a');
    const withLink = receiptEvent('emp_a');
    personal.add(withLink);
    feed.commit(plain, withLink);
    feed.read();
    await expect.poll(() => subscribers.map(({ sink }) => sink.ids)).toEqual(subscribers.map(() => ids([plain, withLink])));
    const executedFor = (event: ChangeEvent) =>
      executions
        .filter((execution) => execution.position === event.position)
        .map((execution) => `${execution.employeeId} ${execution.operation}`)
        .sort();
    // One admin's execution served both; the other operation and the narrower rights ran their own.
    expect(executedFor(plain)).toHaveLength(4);
    expect(executedFor(plain)).toEqual(expect.arrayContaining(['emp_admin2 other-op', 'emp_sup op', 'emp_sup2 op']));
    // A personal result is its group's alone: each admin's group executed the event for itself.
    expect(executedFor(withLink)).toEqual(['emp_admin op', 'emp_admin2 op', 'emp_admin2 other-op', 'emp_sup op', 'emp_sup2 op']);
    expect(await metric('staffsync_group_executions_total')).toBe(9);
  });
});
