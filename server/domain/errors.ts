/** A problem with one input field, shown next to that field in a form. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Input that breaks a rule; nothing was written. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(readonly fields: FieldProblem[]) {
    super(fields.length === 1 ? `${fields[0]?.field}: ${fields[0]?.message}` : `${fields.length} fields are invalid`);
  }

  static of(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

/** The entity does not exist, or the viewer may not know that it does. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(readonly id: string) {
    super(`Nothing with id ${id} was found`);
  }
}

/** The viewer is signed in but may not do this. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
  constructor(message = 'You are not allowed to do this') {
    super(message);
  }
}

/** The request needs a signed-in viewer. */
export class NotAuthenticatedError extends Error {
  override name = 'NotAuthenticatedError';
  constructor() {
    super('Sign in first: send Authorization: Bearer <token> from the login mutation');
  }
}

/** Someone else changed the entity since the client read it; nothing was written. */
export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
  constructor(
    readonly expectedVersion: number,
    /** The stored entity as it is now. */
    readonly current: { id: string; version: number },
  ) {
    super(`This entry was changed by someone else (you edited version ${expectedVersion}, it is now version ${current.version})`);
  }
}
