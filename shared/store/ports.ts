import type { User } from '../auth/user';
import type { OrgUnit } from '../org/org-unit';

/** Storage ports. Routes and jobs depend on these, never on the DynamoDB adapter itself. */
export interface OrgRepository {
  get(code: string): Promise<OrgUnit | undefined>;
  children(code: string): Promise<OrgUnit[]>;
  /** The unit and every unit below it, ordered by code. */
  subtree(code: string): Promise<OrgUnit[]>;
  putMany(units: OrgUnit[]): Promise<void>;
}

/**
 * A published form version as stored: `definition` is the JSON as published (what the
 * API returns), `resolved` the same with every `use` reference expanded, so that a
 * version compiles alone and never changes when a form it used gets a new version.
 */
export interface StoredForm {
  id: string;
  version: number;
  title: string;
  definition: unknown;
  resolved: unknown;
  publishedAt: string;
  publishedBy: string;
}

export interface FormRepository {
  get(id: string, version: number): Promise<StoredForm | undefined>;
  latest(id: string): Promise<StoredForm | undefined>;
  /** The latest version of every form, ordered by id. */
  listLatest(): Promise<StoredForm[]>;
  /** Stores a new version; fails with `form.version_conflict` when that version exists (versions are immutable). */
  create(form: StoredForm): Promise<void>;
}

export interface UserRepository {
  get(username: string): Promise<User | undefined>;
  /** Creates the user; fails with `store.conflict` when the username exists. */
  create(user: User): Promise<void>;
}

export interface MetaRepository {
  /** Records a one-time marker; false when it was already there. */
  markOnce(name: 'seed', at: string): Promise<boolean>;
  has(name: 'seed'): Promise<boolean>;
}
