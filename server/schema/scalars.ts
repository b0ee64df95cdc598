import { GraphQLError, Kind } from 'graphql';
import { builder } from './builder';

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string in UTC, e.g. 2026-03-31T14:05:00.000Z',
  serialize: (value) => (value instanceof Date ? value : new Date(value)).toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO 8601 string');
    return date;
  },
});

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

builder.scalarType('Date', {
  description: 'A calendar day without a time zone, e.g. 2026-03-31',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || !datePattern.test(value)) throw new GraphQLError('Date must look like 2026-03-31');
    return value;
  },
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING || !datePattern.test(node.value)) throw new GraphQLError('Date must look like 2026-03-31');
    return node.value;
  },
});
