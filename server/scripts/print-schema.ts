import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { sortedSchema } from '../schema/index';

const target = new URL('../../schema.graphql', import.meta.url);
writeFileSync(target, `${printSchema(sortedSchema())}\n`);
console.log(`wrote ${target.pathname.split('/').pop()}`);
