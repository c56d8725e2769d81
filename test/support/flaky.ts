import { compose } from '../../functions/compose';
import { Table } from '../../shared/store/dynamo';
import type { TestStack } from './stack';

/**
 * A second composition over the test stack's store whose writes fail at `rate` (seeded,
 * so a failing run can be replayed): for jobs that must converge despite store failures.
 */
export function flakyCompose(t: TestStack, rate: number, seed: number) {
  let state = seed;
  const random = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  class FlakyTable extends Table {
    override async putIf(...args: Parameters<Table['putIf']>) {
      if (random() < rate) throw new Error('injected write failure');
      return super.putIf(...args);
    }
    override async put(...args: Parameters<Table['put']>) {
      if (random() < rate) throw new Error('injected write failure');
      return super.put(...args);
    }
  }
  return compose({
    table: new FlakyTable(t.stack.table.client, t.stack.table.name),
    secret: t.stack.secret,
    blobs: t.stack.blobs,
    config: { sessionTtlSeconds: 3600, maxBodyBytes: 65536, publicUrl: 'http://localhost' },
    now: () => t.clock.now,
  });
}
