import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config';

describe('parseConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(parseConfig({})).toEqual({
      runtime: 'local',
      port: 3000,
      dataDir: './.data',
      adminPassword: undefined,
      tableName: 'elder-assoc',
      blobBucket: undefined,
      tokenSecretArn: undefined,
      sessionTtlSeconds: 28800,
      maxBodyBytes: 262144,
      dynamoEndpoint: undefined,
      region: 'cn-north-1',
    });
  });

  it('reads PORT, DATA_DIR and ADMIN_PASSWORD', () => {
    const c = parseConfig({ PORT: '8080', DATA_DIR: '/srv/data', ADMIN_PASSWORD: 'long-enough' });
    expect([c.port, c.dataDir, c.adminPassword]).toEqual([8080, '/srv/data', 'long-enough']);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ RUNTIME: 'mars' }, 'RUNTIME'],
    [{ SESSION_TTL_SECONDS: '-5' }, 'SESSION_TTL_SECONDS'],
  ])('rejects %o naming the variable in Chinese', (env, name) => {
    expect(() => parseConfig(env)).toThrow(new RegExp(`配置错误[\\s\\S]*${name}`));
  });

  it('requires the secret and bucket on AWS', () => {
    expect(() => parseConfig({ RUNTIME: 'aws' })).toThrow(/TOKEN_SECRET_ARN/);
    const c = parseConfig({
      RUNTIME: 'aws',
      TOKEN_SECRET_ARN: 'arn:x',
      BLOB_BUCKET: 'b',
      AWS_REGION: 'us-east-1',
    });
    expect([c.runtime, c.tokenSecretArn, c.blobBucket, c.region]).toEqual(['aws', 'arn:x', 'b', 'us-east-1']);
  });
});

describe('empty variables', () => {
  it('count as unset', () => {
    const c = parseConfig({ ADMIN_PASSWORD: '', PORT: '', DATA_DIR: '' });
    expect([c.adminPassword, c.port, c.dataDir]).toEqual([undefined, 3000, './.data']);
  });
});
