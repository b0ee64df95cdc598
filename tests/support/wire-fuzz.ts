import { isUtf8 } from 'node:buffer';
import { encodeCursor } from '../../server/changelog/cursor';
import { maxPayload } from './raw-websocket';

/** Seeded generators of valid, mutated and random graphql-ws messages for the wire-protocol fuzz test. */
/** mulberry32: small, fast and seedable, so a failing fuzz run can be replayed exactly. */
export function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return {
    next,
    int,
    chance: (probability: number) => next() < probability,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    bytes: (length: number) => Buffer.from(Array.from({ length }, () => int(256))),
  };
}
export type Rng = ReturnType<typeof prng>;

const oddStrings = [
  '',
  ' ',
  '\u0000',
  '\u0000subscribe',
  'subscribe\u0000',
  '😀💥🧨',
  '\ud800',
  '\udfff\ud800',
  '\u202egnirts desrever',
  'ｓｕｂｓｃｒｉｂｅ',
  'e\u0301\u0301\u0301\u0301',
  '\u200b\u200d\ufeff',
  'SUBSCRIBE',
  'Subscribe',
  ' subscribe',
  'subscribe ',
  'connection_init\n',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '%s%s%s%n',
  '${process.exit()}',
  '\\u0000',
  "'; drop table sessions; --",
  'ping',
  'pong',
  'complete',
  'next',
  'error',
  'connection_ack',
  'start',
  'stop',
  'connection_terminate',
  'ka',
];

/** GraphQL documents a fuzz socket may run. No mutations: fuzzing must not change what others see. */
const documents = [
  'subscription { dataChanged { id } }',
  'subscription ($type: DataType, $after: String) { dataChanged(type: $type, after: $after) { cursor type action id } }',
  'subscription { dataChanged(type: RECEIPT) { node { __typename ... on Receipt { id vendor } } } }',
  '{ __typename }',
  '{ me { id name role } }',
  '{ syncCursor }',
  'query A { __typename } query B { me { name } }',
  '{ me { costCenters { supervisors { costCenters { supervisors { name } } } } } }',
  '{ nope }',
  '{',
  '',
  'subscription { dataChanged { id } } subscription { dataChanged { id } }',
  'subscription { a: dataChanged { id } b: dataChanged { id } }',
  '{ me { name } } # 😀 \u0000',
  `{ ${Array.from({ length: 40 }, (_, index) => `a${index}: __typename`).join(' ')} }`,
  `{ ${'me { costCenters { supervisors { '.repeat(8)} name ${'} } } '.repeat(8)} }`,
];

function randomJson(rng: Rng, depth = 0): unknown {
  const kind = rng.int(depth > 3 ? 6 : 8);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -0, 1, -1, 42, 1.5, 2 ** 53 + 1, -(2 ** 31), 1e308, Number.MAX_SAFE_INTEGER]);
    case 3:
      return rng.pick(oddStrings);
    case 4:
      return Array.from({ length: rng.int(6) }, () => rng.pick(oddStrings) + rng.int(1000));
    case 5:
      return 'x'.repeat(rng.int(300));
    case 6:
      return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let index = rng.int(5); index > 0; index--) object[rng.pick([...oddStrings, 'type', 'id', 'payload', 'query', 'variables'])] = randomJson(rng, depth + 1);
      return object;
    }
  }
}

/**
 * JSON text nested `depth` levels deep. Built as text: JSON.stringify itself overflows the stack a few
 * thousand levels down, which is exactly what the server must survive.
 */
export function nestedJson(depth: number, arrays: boolean): string {
  return arrays ? `${'['.repeat(depth)}"leaf"${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}"leaf"${'}'.repeat(depth)}`;
}
/** Stands in for a nested value inside a message until it is serialized. */
const deepMarker = 'DEEP-VALUE-MARKER';

export interface FuzzContext {
  rng: Rng;
  tokens: string[];
  /** Ids this socket has used, so duplicates and completes can reuse them. */
  ids: string[];
  headPosition: number;
  /** Whether this socket sent connection_init: a valid second one is rare (it only costs a socket). */
  initSent: boolean;
}

function freshId(context: FuzzContext): string {
  const id = `f${context.ids.length}-${context.rng.int(1e6)}`;
  context.ids.push(id);
  return id;
}

function validMessage(context: FuzzContext): Record<string, any> {
  const { rng } = context;
  switch (rng.int(6)) {
    case 0:
      if (context.initSent && rng.chance(0.9)) return { type: 'ping' };
      context.initSent = true;
      return { type: 'connection_init', payload: { authorization: `Bearer ${rng.pick(context.tokens)}` } };
    case 1:
      return rng.chance(0.5) ? { type: 'ping' } : { type: 'ping', payload: { at: rng.int(1e9) } };
    case 2:
      return { type: 'pong', payload: rng.chance(0.5) ? null : { note: rng.pick(oddStrings) } };
    case 3:
      return { type: 'complete', id: context.ids.length > 0 && rng.chance(0.7) ? rng.pick(context.ids) : freshId(context) };
    default: {
      const query = rng.pick(documents);
      const payload: Record<string, unknown> = { query };
      if (query.includes('$type')) {
        payload.variables = {
          type: rng.pick(['RECEIPT', 'EMPLOYEE', 'MILEAGE', null, 'BOGUS', 42, ['RECEIPT']]),
          after: rng.pick([null, encodeCursor(Math.max(0, context.headPosition - rng.int(5))), 'not-a-cursor', encodeCursor(2 ** 60), Buffer.from('pos:-1').toString('base64url')]),
        };
      } else if (rng.chance(0.2)) payload.variables = randomJson(rng) ?? {};
      if (query.startsWith('query A')) payload.operationName = rng.pick(['A', 'B', 'C', null]);
      if (rng.chance(0.1)) payload.extensions = { persistedQuery: { version: 1, sha256Hash: 'x' } };
      return { type: 'subscribe', id: freshId(context), payload };
    }
  }
}

/** Paths to every value inside a message, so a mutation can hit any of them. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const children = Object.keys(value).flatMap((key) => paths((value as Record<string, unknown>)[key], [...prefix, key]));
  return prefix.length > 0 ? [prefix, ...children] : children;
}

function setAt(root: Record<string, any>, path: string[], update: (parent: Record<string, any>, key: string) => void) {
  let parent: Record<string, any> = root;
  for (const key of path.slice(0, -1)) parent = parent[key];
  update(parent, path[path.length - 1]!);
}

export interface FuzzMessage {
  data: string | Buffer;
  binary: boolean;
  kind: string;
}

/** A valid message with one to three things wrong with it. */
function mutatedMessage(context: FuzzContext): FuzzMessage {
  const { rng } = context;
  const message = validMessage(context);
  const kinds: string[] = [];
  let text: string | undefined;
  let deep = '';
  for (let round = 1 + rng.int(3); round > 0; round--) {
    const targets = paths(message);
    const target = targets.length > 0 ? rng.pick(targets) : ['type'];
    switch (rng.int(9)) {
      case 0:
        kinds.push(`delete ${target.join('.')}`);
        setAt(message, target, (parent, key) => delete parent[key]);
        break;
      case 1:
        kinds.push(`retype ${target.join('.')}`);
        setAt(message, target, (parent, key) => (parent[key] = randomJson(rng)));
        break;
      case 2:
        kinds.push('rename type');
        message.type = rng.chance(0.5) ? rng.pick(oddStrings) : `${typeof message.type === 'string' ? message.type : ''}${rng.pick(oddStrings)}`;
        break;
      case 3: {
        // Mostly modest, sometimes near or over the 64 KiB limit (big ones are costly to make and read).
        const length = rng.chance(0.8) ? rng.pick([100, 1_000, 5_000]) : rng.pick([30_000, 63_000, 70_000]);
        kinds.push(`id of ${length}`);
        message.id = rng.pick(['x', '😀', '\u0000']).repeat(length / (rng.chance(0.5) ? 1 : 2));
        break;
      }
      case 4: {
        const depth = rng.chance(0.8) ? rng.pick([20, 200, 1_000, 3_000]) : rng.pick([6_000, 20_000]);
        const where = rng.pick(['payload', 'variables', 'extensions', 'id']);
        kinds.push(`nested ${depth} in ${where}`);
        deep = nestedJson(depth, rng.chance(0.5));
        if (where === 'payload') message.payload = { ...(message.payload ?? {}), deep: deepMarker };
        else if (where === 'id') message.id = deepMarker;
        else message.payload = { ...(typeof message.payload === 'object' && message.payload ? message.payload : { query: '{ __typename }' }), [where]: { v: deepMarker } };
        break;
      }
      case 5:
        kinds.push(`unicode ${target.join('.')}`);
        setAt(message, target, (parent, key) => (parent[key] = rng.pick(oddStrings).repeat(1 + rng.int(50))));
        break;
      case 6:
        kinds.push('extra keys');
        for (let index = rng.int(4) + 1; index > 0; index--) message[rng.pick(oddStrings)] = randomJson(rng);
        break;
      case 7:
        kinds.push('reuse id');
        if (context.ids.length > 0) message.id = rng.pick(context.ids);
        break;
      default:
        kinds.push('duplicate key');
        text = `{"type":${JSON.stringify(rng.pick(['subscribe', 'connection_init', 'ping', 'next', 'nope']))},${JSON.stringify(message).slice(1)}`;
        break;
    }
  }
  let data = text ?? JSON.stringify(message);
  if (deep) data = data.replaceAll(JSON.stringify(deepMarker), deep);
  return { data, binary: rng.chance(0.05), kind: `mutated ${typeof message.type === 'string' ? message.type : typeof message.type}: ${kinds.join(', ')}` };
}

function randomMessage(context: FuzzContext): FuzzMessage {
  const { rng } = context;
  switch (rng.int(8)) {
    case 0:
      return { data: rng.bytes(1 + rng.int(200)), binary: false, kind: 'random bytes as text' };
    case 1:
      return { data: rng.bytes(1 + rng.int(200)), binary: true, kind: 'random bytes as binary' };
    case 2:
      return { data: JSON.stringify(randomJson(rng)), binary: false, kind: 'random JSON' };
    case 3:
      return { data: Array.from({ length: rng.int(100) }, () => rng.pick(oddStrings)).join(''), binary: false, kind: 'random unicode text' };
    case 4:
      return { data: JSON.stringify(validMessage(context)).slice(0, rng.int(40)), binary: false, kind: 'truncated JSON' };
    case 5:
      return { data: nestedJson(rng.pick([1_000, 5_000, 30_000]), true), binary: false, kind: 'deeply nested JSON' };
    case 6: {
      const size = rng.pick([maxPayload - 10, maxPayload + 1, 200_000]);
      return { data: JSON.stringify({ type: 'ping', payload: { pad: 'x'.repeat(size) } }), binary: false, kind: `ping of ${size}` };
    }
    default:
      return { data: Buffer.concat([Buffer.from('{"type":"ping","payload":{"x":"'), Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('"}}')]), binary: false, kind: 'invalid UTF-8 in JSON' };
  }
}

/**
 * The next fuzz message of a socket: valid, mutated or random with the given odds. Unless `fatal` allows
 * it, never one the WebSocket layer rejects before graphql-ws sees it (over 64 KiB, or invalid UTF-8 in a
 * text frame): after such a frame the server stops reading, and the messages behind it would be wasted.
 */
export function fuzzMessage(context: FuzzContext, odds: { valid: number; mutated: number }, fatal: boolean): FuzzMessage {
  const { rng } = context;
  for (;;) {
    const roll = rng.next();
    let message: FuzzMessage;
    if (roll < odds.valid) {
      const valid = validMessage(context);
      message = { data: JSON.stringify(valid), binary: false, kind: `valid ${valid.type}` };
    } else if (roll < odds.valid + odds.mutated) message = mutatedMessage(context);
    else message = randomMessage(context);
    if (fatal || !isFatal(message)) return message;
  }
}

function isFatal(message: FuzzMessage): boolean {
  const bytes = typeof message.data === 'string' ? Buffer.from(message.data) : message.data;
  return bytes.length > maxPayload || (!message.binary && !isUtf8(bytes));
}

export const preview = (data: string | Buffer) => {
  const text = typeof data === 'string' ? data : `<${data.length} bytes> ${data.toString('hex').slice(0, 60)}`;
  return text.length > 160 ? `${text.slice(0, 160)}… (${text.length} chars)` : text;
};
