import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const minimumBytes = 32;

/**
 * Local adapter: the token signing key lives in `DATA_DIR/signing-key`, generated on the
 * first start (mode 0600) and reused afterwards so sessions survive a restart.
 */
export async function localSigningSecret(dataDir: string): Promise<Buffer> {
  const file = join(dataDir, 'signing-key');
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return checked(Buffer.from((await readFile(file, 'utf8')).trim(), 'utf8'), file);
}

/** AWS adapter: the key is a Secrets Manager secret, read once per cold start. */
export async function awsSigningSecret(client: SecretsManagerClient, secretArn: string): Promise<Buffer> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!out.SecretString) throw new Error('signing secret has no SecretString');
  return checked(Buffer.from(out.SecretString, 'utf8'), secretArn);
}

function checked(secret: Buffer, where: string): Buffer {
  if (secret.length < minimumBytes)
    throw new Error(`signing secret at ${where} is shorter than ${minimumBytes} bytes`);
  return secret;
}
