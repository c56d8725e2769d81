import { describe, expect, it } from 'vitest';
import { metaKeys, orgKeys, userKeys } from '../../shared/store/keys';
import { createTableInput, keyAttributes, tableDefinition } from '../../shared/store/table';

describe('key builders', () => {
  it('build org keys with the child and scope index attributes', () => {
    expect(orgKeys.item('341022104')).toEqual({ pk: 'ORG#341022104', sk: 'ORG' });
    expect(orgKeys.indexes('341022104204', '341022104')).toEqual({
      gsi1pk: 'ORG_CHILDREN#341022104',
      gsi1sk: '341022104204',
      gsi2pk: 'ORG_TREE#34',
      gsi2sk: '341022104204',
    });
    // A province has no parent, so it is absent from the children index.
    expect(orgKeys.indexes('34', null)).toEqual({ gsi2pk: 'ORG_TREE#34', gsi2sk: '34' });
  });

  it('put a subtree under one scope partition, addressed by prefix', () => {
    const county = orgKeys.scope('341022');
    const village = orgKeys.indexes('341022104204', '341022104');
    expect(village.gsi2pk).toBe(county.gsi2pk);
    expect(village.gsi2sk.startsWith(county.gsi2sk)).toBe(true);
  });

  it('keep users and meta apart from orgs', () => {
    expect(userKeys.item('admin')).toEqual({ pk: 'USER#admin', sk: 'USER' });
    expect(metaKeys.seed()).toEqual({ pk: 'META', sk: 'SEED' });
  });
});

describe('table definition', () => {
  it('declares every key attribute once, as strings', () => {
    expect(keyAttributes()).toEqual(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk']);
    const input = createTableInput('t');
    expect(input.AttributeDefinitions.every((a) => a.AttributeType === 'S')).toBe(true);
    expect(input.GlobalSecondaryIndexes.map((g) => g.IndexName)).toEqual(
      tableDefinition.globalSecondaryIndexes.map((g) => g.indexName),
    );
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
  });
});
