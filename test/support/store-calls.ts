import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Counts the commands sent through a DynamoDB client by name (GetCommand, PutCommand, …),
 * via a middleware added to that client instance only. `reset` returns and clears them.
 * Used by the store-call tests and by the benchmarks.
 */
export function countCommands(client: DynamoDBDocumentClient): {
  reset(): Record<string, number>;
  /** The inputs of the commands counted since the last reset, in order. */
  inputs(): { name: string; input: Record<string, unknown> }[];
} {
  let counts: Record<string, number> = {};
  let inputs: { name: string; input: Record<string, unknown> }[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      const name = context.commandName ?? 'unknown';
      counts[name] = (counts[name] ?? 0) + 1;
      inputs.push({ name, input: args.input as Record<string, unknown> });
      return next(args);
    },
    { step: 'initialize', name: 'storeCallCounter' },
  );
  return {
    reset() {
      const out = counts;
      counts = {};
      inputs = [];
      return out;
    },
    inputs: () => inputs,
  };
}
