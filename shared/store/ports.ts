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
