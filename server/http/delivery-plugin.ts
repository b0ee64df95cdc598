import { createSourceEventStream, GraphQLError, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { SessionAuthority, SessionEnd } from '../auth/session-authority';
import type { Context } from '../context';
import type { Delivery, JoinRequest } from '../delivery/delivery';
import { subscriptionGroupKey, subscriptionOperationKey } from '../delivery/group-key';
import type { Member } from '../delivery/member';
import type { Sink } from '../delivery/sink';
import { DataChangeRequest } from '../schema/data-change';
import type { GroupOperation } from '../schema/group-execution';
import { EventStreamSink } from './event-stream-sink';
import { OutcomeStream } from './outcome-stream';

/** What a graphql-ws operation brings into the pipeline so the engine can write to its socket. */
export interface SocketOperation {
  sink: Sink;
  /** The subscriber was cut off for falling behind: its socket closes with 4413. */
  onSlow(): void;
  /**
   * The socket ends this member when it closes, whatever graphql-ws remembers of the operation; `stream` is
   * what graphql-ws iterates for it (the socket server hands it over without the pipeline's wrappers).
   */
  adopt(member: Member, stream: OutcomeStream): void;
}

type DeliveryContext = Context & { socketOperation?: SocketOperation };

/** Documents print once: groups are keyed by text, and the parser cache hands out one object per text. */
const printed = new WeakMap<DocumentNode, string>();

function textOf(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/** An event stream's session ended: the subscription ends with this error, as a socket closes with 4403. */
export function sessionEndedError(end: SessionEnd): GraphQLError {
  return new GraphQLError(end.message, { extensions: { code: 'SESSION_ENDED', reason: end.reason } });
}

/**
 * Hands every dataChanged subscription to the delivery engine, whichever transport it came on: a
 * graphql-ws operation has the engine write to its socket, an HTTP one (Server-Sent Events) has results
 * queued for Yoga to stream and is watched by the session authority like a socket.
 */
export function deliveryPlugin(delivery: Delivery<GroupOperation>, authority: SessionAuthority): Plugin<DeliveryContext> {
  const subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(source instanceof DataChangeRequest)) {
      if (Symbol.asyncIterator in source) throw new Error('Only dataChanged is served as a subscription');
      return source;
    }
    const { viewer, types, after } = source;
    const operationKey = subscriptionOperationKey(args.document, { query: textOf(args.document), operationName: args.operationName, variables: args.variableValues });
    const request: Omit<JoinRequest<GroupOperation>, 'sink' | 'onSlow'> = {
      groupKey: subscriptionGroupKey(operationKey, `employee:${viewer.employeeId}`),
      operationKey,
      employeeId: viewer.employeeId,
      types,
      after,
      operation: { schema: args.schema, document: args.document, operationName: args.operationName, variableValues: args.variableValues },
    };
    const socket = (args.contextValue as DeliveryContext).socketOperation;
    if (socket) {
      const member = delivery.join({ ...request, sink: socket.sink, onSlow: socket.onSlow });
      const stream = new OutcomeStream(member);
      socket.adopt(member, stream);
      return stream;
    }
    const stream = new EventStreamSink();
    const member = delivery.join({ ...request, sink: stream, onSlow: () => {} });
    const stopWatching = authority.watch(viewer, (end) => member.end({ errors: [sessionEndedError(end)] }));
    void member.outcome.then(stopWatching);
    stream.follow(member);
    return stream;
  };
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(subscribe as Parameters<typeof setSubscribeFn>[0]);
    },
  };
}
