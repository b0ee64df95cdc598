import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { clientTypes, clientTypesFile } from '../schema/client-types';
import { sortedSchema } from '../schema/index';

const target = new URL('../../schema.graphql', import.meta.url);
writeFileSync(target, `${printSchema(sortedSchema())}\n`);
writeFileSync(clientTypesFile, clientTypes(sortedSchema()));
console.log(`wrote ${target.pathname.split('/').pop()} and client/${clientTypesFile.pathname.split('/').pop()}`);
