import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { listenForBench, reportFailure } from './child-ipc';

/**
 * GraphQL over HTTP with nothing else: graphql-yoga's defaults on node:http, one `createReceipt` mutation
 * that puts the input into a Map. No auth, database, validation or plugins. The write path's floor: what the
 * framework StaffSync is built on costs per mutation before any of StaffSync's own work, on this machine.
 */
const typeDefs = /* GraphQL */ `
  input CreateReceiptInput {
    costCenterId: ID!
    date: String!
    category: String!
    amountCents: Int!
    vendor: String!
  }
  type Receipt {
    id: ID!
    version: Int!
  }
  type Query {
    receipt(id: ID!): Receipt
  }
  type Mutation {
    createReceipt(input: CreateReceiptInput!, idempotencyKey: String): Receipt!
  }
`;

interface StoredReceipt {
  id: string;
  version: number;
  input: Record<string, unknown>;
}

function main(): void {
  const receipts = new Map<string, StoredReceipt>();
  const yoga = createYoga({
    logging: false,
    schema: createSchema({
      typeDefs,
      resolvers: {
        Query: { receipt: (_root, { id }: { id: string }) => receipts.get(id) ?? null },
        Mutation: {
          createReceipt: (_root, { input }: { input: Record<string, unknown> }) => {
            const receipt = { id: `rct_${randomUUID()}`, version: 1, input };
            receipts.set(receipt.id, receipt);
            return receipt;
          },
        },
      },
    }),
  });
  const httpServer = createServer(yoga);
  listenForBench(httpServer, { subscriptions: () => 0 });
}

try {
  main();
} catch (error) {
  reportFailure(error);
}
