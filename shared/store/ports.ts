import type { LinkAction, ThrottleKind, ThrottleState } from '../auth/throttle';
import type { User } from '../auth/user';
import type { Link } from '../links/link';
import type { OrgUnit } from '../org/org-unit';
import type { Evaluation } from '../submissions/evaluation';
import type { Draft, Review, Submission } from '../submissions/submission';

/** Storage ports. Routes and jobs depend on these, never on the DynamoDB adapter itself. */
export interface OrgRepository {
  get(code: string): Promise<OrgUnit | undefined>;
  children(code: string): Promise<OrgUnit[]>;
  /** The unit and every unit below it, ordered by code. */
  subtree(code: string): Promise<OrgUnit[]>;
  putMany(units: OrgUnit[]): Promise<void>;
  /** Writes a retired unit if the stored one exists and is not retired yet; false otherwise. */
  putRetired(unit: OrgUnit): Promise<boolean>;
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
  /** Every version of a form, newest first. */
  versions(id: string): Promise<StoredForm[]>;
  /** The latest version of every form, ordered by id. */
  listLatest(): Promise<StoredForm[]>;
  /** Stores a new version; false when that version exists (versions are immutable). */
  create(form: StoredForm): Promise<boolean>;
}

export interface UserRepository {
  get(username: string): Promise<User | undefined>;
  /** Creates the user; false when the username exists. */
  create(user: User): Promise<boolean>;
  /** Writes a changed user if it is still at the revision it was read at; false otherwise. */
  update(user: User): Promise<boolean>;
  /** Every account whose scope is `code` or inside it, by scope then username. */
  listUnder(code: string): Promise<User[]>;
}

/** Failed logins of one username or client address (see `shared/auth/throttle.ts`). */
export interface ThrottleRepository {
  get(kind: ThrottleKind, value: string): Promise<(ThrottleState & { rev: number }) | undefined>;
  /** Writes the state if the stored one is still at `previousRev` (absent when undefined); false otherwise. */
  put(
    kind: ThrottleKind,
    value: string,
    state: ThrottleState,
    previousRev: number | undefined,
  ): Promise<boolean>;
}

/** Per-link rate counters: a survey link's writes per clock minute (see `linkRates`). */
export interface LinkRateRepository {
  /**
   * Counts one `action` of link `linkId` in `minute` (Unix minutes) unless `max` were
   * counted there already: false then, and nothing is counted. One store call.
   */
  take(linkId: string, action: LinkAction, minute: number, max: number): Promise<boolean>;
}

/** An upload slot issued to a survey link: the blob id, and the type and size declared for it. */
export interface IssuedUpload {
  linkId: string;
  blobId: string;
  type: string;
  size: number;
  issuedAt: string;
  /** The upload must start before this instant. */
  expiresAt: string;
}

/** Upload slots of uploads through the app (the local blob store; S3 binds its presigned URLs instead). */
export interface UploadRepository {
  put(upload: IssuedUpload): Promise<void>;
  /** The slot issued to `linkId` for `blobId`, expired or not; undefined when that link never got it. */
  get(linkId: string, blobId: string): Promise<IssuedUpload | undefined>;
}

export interface MetaRepository {
  /** Records a one-time marker; false when it was already there. */
  markOnce(name: 'seed', at: string): Promise<boolean>;
  has(name: 'seed'): Promise<boolean>;
}

export interface LinkRepository {
  get(id: string): Promise<Link | undefined>;
  /** The village's current link for a form (a full copy, so an interrupted issue can be finished). */
  current(orgCode: string, formId: string): Promise<Link | undefined>;
  /**
   * Makes `next` the current link of its village and form, provided the current one is
   * still `previousId` (or there is none, when undefined): false when another issue won.
   */
  replaceCurrent(next: Link, previousId: string | undefined): Promise<boolean>;
  /** Writes the link record once (create-only; a repeat is a no-op, never an overwrite). */
  put(link: Link): Promise<void>;
  /** Revokes the link unless it already is; returns the stored record afterwards. */
  revoke(link: Link, at: string, by: string): Promise<Link>;
  /** Every link of `formId` for villages in `code`'s subtree, by village code then issue time. */
  listUnder(formId: string, code: string): Promise<Link[]>;
}

export interface DraftRepository {
  get(orgCode: string, formId: string): Promise<Draft | undefined>;
  /** Saves the draft, replacing the previous one (last write wins). */
  put(draft: Draft): Promise<void>;
}

/** An idempotency claim: the submission first stored under a key, and the hash of its request. */
export interface SubmissionClaim {
  submission: Submission;
  requestHash: string;
}

export interface SubmissionRepository {
  /** Writes a submission once (create-only: the same submission twice is one item, a review is kept). */
  put(submission: Submission): Promise<void>;
  /**
   * Writes a submission just created (a fresh id, never stored before) together with the
   * village's draft, replaced by `draft`, in one batch write. Unconditional, hence only
   * for a new submission: a replayed one is written with `put`.
   */
  putNew(submission: Submission, draft: Draft): Promise<void>;
  /** Stores `review` on the submission if nobody changed its review since it was read; false otherwise. */
  setReview(submission: Submission, review: Review): Promise<boolean>;
  /** One submission of a village by id. */
  find(orgCode: string, id: string): Promise<Submission | undefined>;
  /** Every submission of a village, of every form, oldest first. */
  listAllForVillage(orgCode: string): Promise<Submission[]>;
  /** The claim of an idempotency key, if any. */
  findClaim(orgCode: string, formId: string, key: string): Promise<SubmissionClaim | undefined>;
  /**
   * Claims `key` for a submission with a conditional write; when the key was already
   * claimed, returns that earlier claim instead (`won: false`).
   */
  claim(key: string, claim: SubmissionClaim): Promise<SubmissionClaim & { won: boolean }>;
  /** The submissions of one village for one form, newest first (at most `limit` of them). */
  listForVillage(orgCode: string, formId: string, limit?: number): Promise<Submission[]>;
  /**
   * One page of the submissions of a unit and below (of one form, or of all): by village
   * code, descending, newest first within a village. `after` is the `lastKey` of the
   * previous page.
   */
  listUnder(
    code: string,
    page: { limit: number; formId?: string | undefined; after?: Record<string, string> },
  ): Promise<{ items: Submission[]; lastKey?: Record<string, string> }>;
}

export interface EvaluationRepository {
  /** Stores an evaluation once; false when one with its id exists (a retried key). */
  create(evaluation: Evaluation): Promise<boolean>;
  get(orgCode: string, id: string): Promise<Evaluation | undefined>;
  listForVillage(orgCode: string): Promise<Evaluation[]>;
}

/** What a village's status is folded from, read together. */
export interface VillageHistoryRepository {
  /** The village's submissions (oldest first, reviews included) and evaluations, in one read. */
  read(orgCode: string): Promise<{ submissions: Submission[]; evaluations: Evaluation[] }>;
}
