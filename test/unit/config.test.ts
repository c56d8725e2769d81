import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config';

describe('parseConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(parseConfig({})).toEqual({
      runtime: 'local',
      port: 3000,
      host: '127.0.0.1',
      dataDir: './.data',
      adminPassword: undefined,
      tableName: 'elder-assoc',
      sessionTtlSeconds: 28800,
      maxBodyBytes: 262144,
      dynamoEndpoint: undefined,
      region: 'cn-north-1',
      publicUrl: 'http://localhost:3000',
    });
  });

  it('PUBLIC_URL names the site on paper (verify QR codes), without a trailing slash; else localhost:PORT', () => {
    expect(parseConfig({ PUBLIC_URL: 'https://laonian.example.gov.cn/' }).publicUrl).toBe(
      'https://laonian.example.gov.cn',
    );
    expect(parseConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(() => parseConfig({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL: 必须是 URL/);
  });

  it('listens on loopback unless HOST opens it (an IPv4, IPv6 or host name)', () => {
    expect(parseConfig({}).host).toBe('127.0.0.1');
    expect(parseConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(parseConfig({ HOST: '::' }).host).toBe('::');
    expect(parseConfig({ HOST: 'localhost' }).host).toBe('localhost');
    expect(parseConfig({ HOST: '' }).host).toBe('127.0.0.1');
  });

  it('reads PORT, DATA_DIR and ADMIN_PASSWORD', () => {
    const c = parseConfig({ PORT: '8080', DATA_DIR: '/srv/data', ADMIN_PASSWORD: 'long-enough' });
    expect([c.port, c.dataDir, c.adminPassword]).toEqual([8080, '/srv/data', 'long-enough']);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT: 必须是 0–65535 的整数'],
    [{ PORT: '70000' }, 'PORT: 必须是 0–65535 的整数'],
    [{ HOST: 'http://0.0.0.0' }, 'HOST: 必须是主机名或 IP 地址，如 127.0.0.1 或 0.0.0.0'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD: 至少 8 个字符'],
    [{ RUNTIME: 'mars' }, 'RUNTIME: 必须是 local 或 aws'],
    [{ SESSION_TTL_SECONDS: '-5' }, 'SESSION_TTL_SECONDS: 必须是正整数（秒）'],
    [{ MAX_BODY_BYTES: '1.5' }, 'MAX_BODY_BYTES: 必须是正整数（字节）'],
    [{ DYNAMODB_ENDPOINT: 'localhost' }, 'DYNAMODB_ENDPOINT: 必须是 URL'],
  ])('rejects %o naming the variable in Chinese', (env, line) => {
    expect(() => parseConfig(env)).toThrow(new RegExp(`^配置错误.*\\n {2}${line}$`));
  });

  it('reports each bad variable on its own line of one error', () => {
    expect(() => parseConfig({ PORT: '-1', SESSION_TTL_SECONDS: '0' })).toThrow(
      '配置错误（环境变量）：\n  PORT: 必须是 0–65535 的整数\n  SESSION_TTL_SECONDS: 必须是正整数（秒）',
    );
  });

  it('requires the secret and bucket on AWS', () => {
    expect(() => parseConfig({ RUNTIME: 'aws' })).toThrow(
      /\n {2}TOKEN_SECRET_ARN: RUNTIME=aws 时必须设置\n {2}BLOB_BUCKET: RUNTIME=aws 时必须设置$/,
    );
    expect(() => parseConfig({ RUNTIME: 'aws', TOKEN_SECRET_ARN: 'arn:x', BLOB_BUCKET: '' })).toThrow(
      /BLOB_BUCKET/,
    );
    const c = parseConfig({
      RUNTIME: 'aws',
      TOKEN_SECRET_ARN: 'arn:x',
      BLOB_BUCKET: 'b',
      AWS_REGION: 'us-east-1',
    });
    expect(c).toMatchObject({
      runtime: 'aws',
      tokenSecretArn: 'arn:x',
      blobBucket: 'b',
      region: 'us-east-1',
    });
  });

  it('needs neither on a laptop, and keeps them out of the local shape', () => {
    expect(parseConfig({ TOKEN_SECRET_ARN: 'arn:x', BLOB_BUCKET: 'b' })).not.toHaveProperty('blobBucket');
  });
});

describe('empty variables', () => {
  it('count as unset', () => {
    const c = parseConfig({ ADMIN_PASSWORD: '', PORT: '', DATA_DIR: '' });
    expect([c.adminPassword, c.port, c.dataDir]).toEqual([undefined, 3000, './.data']);
  });
});
