import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { handle } from 'hono/aws-lambda';
import { awsSigningSecret } from '../../shared/auth/signing-secret';
import { parseConfig } from '../../shared/config';
import { createDocumentClient, Table } from '../../shared/store/dynamo';
import { compose } from '../compose';
import { createApp } from './app';

type Handler = ReturnType<typeof handle>;

async function build(): Promise<Handler> {
  const config = parseConfig(process.env);
  const table = new Table(createDocumentClient({ region: config.region }), config.tableName);
  const secrets = new SecretsManagerClient({ region: config.region });
  const secret = await awsSigningSecret(secrets, String(config.tokenSecretArn));
  return handle(createApp(compose({ table, secret, config }).deps));
}

// Built once per cold start; a failed start is retried by the next invocation.
let ready: Promise<Handler> | undefined;

export const handler: Handler = async (event, context) => {
  ready ??= build().catch((err) => {
    ready = undefined;
    throw err;
  });
  return (await ready)(event, context);
};
