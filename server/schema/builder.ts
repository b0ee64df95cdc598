import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import type { Context } from '../context';

/** The one schema builder; type files add to it, schema/index.ts turns it into a schema. */
export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Date: { Input: string; Output: string };
    SearchText: { Input: string; Output: string };
    File: { Input: Blob; Output: never };
  };
}>({
  plugins: [ErrorsPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  errors: {
    // A mutation returns the entity itself or one of its typed errors: `union CreateReceiptResult = Receipt | ValidationError | ...`.
    directResult: true,
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName.slice(0, 1).toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
