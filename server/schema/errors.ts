import {
  ForbiddenError,
  NotAuthenticatedError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
  type FieldProblem,
} from '../domain/errors';
import { builder } from './builder';
import { SyncNodeUnion } from './refs';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'An expected failure: nothing was written',
  fields: (t) => ({
    message: t.exposeString('message'),
  }),
});

const FieldErrorRef = builder.objectRef<FieldProblem>('FieldError').implement({
  description: 'What is wrong with one input field',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The input field, e.g. `miles` or `costCenterIds`' }),
    message: t.exposeString('message', { description: 'Shown next to the field, e.g. "must not be negative"' }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    fields: t.field({ type: [FieldErrorRef], resolve: (error) => error.fields }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({
    id: t.exposeID('id'),
  }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ForbiddenError,
  fields: () => ({}),
});

builder.objectType(NotAuthenticatedError, {
  name: 'NotAuthenticatedError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotAuthenticatedError,
  fields: () => ({}),
});

builder.objectType(VersionConflictError, {
  name: 'VersionConflictError',
  description: 'Someone else changed the entity since you read it. Nothing was written; `current` is the entity as it is now.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof VersionConflictError,
  fields: (t) => ({
    expectedVersion: t.exposeInt('expectedVersion'),
    current: t.field({ type: SyncNodeUnion, resolve: (error) => error.current as never }),
  }),
});

/** Errors every write can end in. */
export const writeErrors = [ValidationError, NotFoundError, ForbiddenError, NotAuthenticatedError, VersionConflictError];
/** Errors a create can end in (nothing to be in conflict with; not found only on an idempotent replay of a since-deleted entity). */
export const createErrors = [ValidationError, NotFoundError, ForbiddenError, NotAuthenticatedError];
