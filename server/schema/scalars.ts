import { GraphQLError, Kind } from 'graphql';
import { calendarDate, searchText } from '../domain/validation';
import { builder } from './builder';

function badValue(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string in UTC, e.g. 2026-03-31T14:05:00.000Z',
  serialize: (value) => (value instanceof Date ? value : new Date(value)).toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw badValue('DateTime must be an ISO 8601 string');
    return date;
  },
});

/** A real calendar day, or a coded error: 2026-02-30 is refused, never read as March 2. */
function parseDate(value: unknown): string {
  const parsed = calendarDate.safeParse(value);
  if (!parsed.success) throw badValue(`Date ${parsed.error.issues[0]?.message ?? 'must be a date like 2026-03-31'}`);
  return parsed.data;
}

builder.scalarType('Date', {
  description: 'A calendar day without a time zone, e.g. 2026-03-31; an impossible day such as 2026-02-30 is refused with BAD_USER_INPUT',
  serialize: (value) => value,
  parseValue: parseDate,
  parseLiteral: (node) => parseDate(node.kind === Kind.STRING ? node.value : undefined),
});

/** An uploaded file as Yoga hands it over (a WHATWG Blob/File), never a value typed into the request. */
function parseFile(value: unknown): Blob {
  const blob = value as Partial<Blob> | null;
  if (typeof blob !== 'object' || blob === null || typeof blob.arrayBuffer !== 'function' || typeof blob.size !== 'number') {
    throw badValue('File must be a file sent as a part of a multipart request (the GraphQL multipart request spec)');
  }
  return value as Blob;
}

builder.scalarType('File', {
  description: 'A file uploaded with the GraphQL multipart request spec (multipart/form-data: operations, map, then the file); input only',
  serialize: () => {
    throw new Error('File is an input type only');
  },
  parseValue: parseFile,
  parseLiteral: () => {
    throw badValue('File must be a variable set by a multipart request');
  },
});

function parseSearchText(value: unknown): string {
  const parsed = searchText.safeParse(value);
  if (!parsed.success) throw badValue(`SearchText ${parsed.error.issues[0]?.message ?? 'must be a string'}`);
  return parsed.data;
}

builder.scalarType('SearchText', {
  description: 'Words to look for, up to 100 characters, trimmed; longer text is refused with BAD_USER_INPUT',
  serialize: (value) => value,
  parseValue: parseSearchText,
  parseLiteral: (node) => parseSearchText(node.kind === Kind.STRING ? node.value : undefined),
});
