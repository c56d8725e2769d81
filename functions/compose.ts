import type { Config } from '../shared/config';
import { createFormCatalogue } from '../shared/services/form-catalogue';
import { createOrgService } from '../shared/services/org-service';
import { createSessionService } from '../shared/services/sessions';
import type { Table } from '../shared/store/dynamo';
import { dynamoFormRepository } from '../shared/store/form-repository';
import {
  dynamoMetaRepository,
  dynamoOrgRepository,
  dynamoUserRepository,
} from '../shared/store/repositories';
import type { AppDeps } from './http/deps';

/**
 * The composition root shared by every entry point: the same repositories and services
 * whether the table is dynalite on a laptop or DynamoDB on AWS.
 */
export function compose(input: {
  table: Table;
  secret: Buffer;
  config: Pick<Config, 'sessionTtlSeconds' | 'maxBodyBytes'>;
  now?: () => Date;
}) {
  const now = input.now ?? (() => new Date());
  const repos = {
    orgs: dynamoOrgRepository(input.table),
    users: dynamoUserRepository(input.table),
    meta: dynamoMetaRepository(input.table),
    forms: dynamoFormRepository(input.table),
  };
  const deps: AppDeps = {
    sessions: createSessionService({
      users: repos.users,
      secret: input.secret,
      ttlSeconds: input.config.sessionTtlSeconds,
      now,
    }),
    orgs: createOrgService(repos.orgs),
    forms: createFormCatalogue(repos.forms),
    now,
    maxBodyBytes: input.config.maxBodyBytes,
  };
  return { repos, deps, now };
}
