import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder';
import './scalars';
import './enums';
import './errors';
import './deleted-entity';
import './node';
import './cost-center';
import './employee';
import './entry';
import './mileage-entry';
import './receipt';
import './receipt-photo';
import './time-entry';
import './review';
import './timesheet';
import './shift';
import './time-clock';
import './mileage-rate';
import './history';
import './export-link';
import './totals';
import './data-change';
import './auth';
import './sessions';

let schema: GraphQLSchema | undefined;

/** The executable schema, built once per process. */
export function buildSchema(): GraphQLSchema {
  schema ??= builder.toSchema();
  return schema;
}

/** The schema as checked in to schema.graphql: sorted, so the file changes only when the schema does. */
export function sortedSchema(): GraphQLSchema {
  return lexicographicSortSchema(buildSchema());
}
