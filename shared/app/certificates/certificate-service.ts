import { createHash } from 'node:crypto';
import { afterFailure, lockedFor, verifyThrottle } from '../../auth/throttle';
import type { Principal } from '../../auth/user';
import type { BlobStore } from '../../blobs/blob-store';
import {
  acceptanceInForce,
  associationName,
  type Certificate,
  type CertificateStatus,
  certificateNumber,
  certificateStatus,
  deservesCertificate,
} from '../../certificates/certificate';
import { AppError } from '../../errors';
import { chinaIsoDate } from '../../lib/china-time';
import { safeFileNamePart } from '../../lib/file-name';
import { mapLimit } from '../../lib/map-limit';
import { ttlCache } from '../../lib/ttl-cache';
import { isWithinScope, parentCodeOf } from '../../org/division';
import type { OrgUnit } from '../../org/org-unit';
import { assertInScope } from '../../org/scope';
import type { CertificateContent } from '../../printables/certificate-pdf';
import { type VillageRecords, villageEvents } from '../../programme/event-sources';
import { programme } from '../../programme/shipped-programme';
import type { AcceptanceEvent, VillageEvent } from '../../programme/village-events';
import type { AggregateRepository } from '../../store/aggregate-repository';
import type { CertificateRepository } from '../../store/certificate-repository';
import type { OrgRepository, ThrottleRepository, VillageHistoryRepository } from '../../store/ports';
import { townshipsToDo } from '../jobs/change-feed';
import type { OrgLookup } from '../orgs/org-lookup';

const factKeys = programme.facts.map((f) => f.key);

/** How long an instance trusts its answer to "has this village a valid certificate?" (the survey page's button). */
export const currentCertificateTtlMs = 60_000;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const blobKeyOf = (number: string) => `certificates/${number}.pdf`;

/** A certificate with its live status, as staff and the verify page see it. */
export interface CertificateView {
  number: string;
  orgCode: string;
  orgName: string;
  association: string;
  village: string;
  township: string;
  county: string;
  grade: string;
  acceptedOn: string;
  issuedAt: string;
  sha256: string;
  status: CertificateStatus['status'];
  revokedAt?: string;
  reason?: string;
}

export interface CertificateRunCounts {
  provinces: number;
  townships: number;
  villages: number;
  issued: number;
  /** Numbers drawn but not used (a lost race or a failure between drawing and claiming). */
  gaps: number;
  failed: number;
}

/**
 * 达标证书: issued by the `certificates` job for the acceptance in force of every
 * standardized village (exactly one per acceptance: the acceptance's claim is a
 * create-only item, and re-rendering a claimed certificate gives the same bytes), stored
 * as a PDF in the blob store with its SHA-256, and verified publicly with a status read
 * live from the village's events.
 */
export function createCertificates(deps: {
  orgs: OrgRepository;
  orgLookup: OrgLookup;
  history: VillageHistoryRepository;
  certificates: CertificateRepository;
  changes: AggregateRepository;
  throttles: ThrottleRepository;
  blobs: BlobStore;
  loadFont: () => Promise<Buffer>;
  /** The public site address for the verify QR code, without a trailing slash. */
  publicUrl: string;
}) {
  const names = async (orgCode: string) => {
    const township = parentCodeOf(orgCode) ?? '';
    const county = parentCodeOf(township) ?? '';
    const [t, c] = await Promise.all([deps.orgLookup.get(township), deps.orgLookup.get(county)]);
    return { township: t?.name ?? '', county: c?.name ?? '', countyCode: county };
  };

  /** Renders and stores the PDF of a claimed number (again after a failure: same bytes) and the record. */
  async function complete(unit: OrgUnit, acceptance: AcceptanceEvent, number: string, issuedAt: string) {
    if (await deps.certificates.get(number)) return false;
    const n = await names(unit.code);
    const content: CertificateContent = {
      number,
      association: associationName(n.county, n.township, unit.name),
      village: unit.name,
      township: n.township,
      county: n.county,
      grade: acceptance.score.grade ?? '达标',
      acceptedOn: acceptance.effectiveDate,
      issuer: `${n.township}人民政府`,
      issuedAt: new Date(issuedAt),
      verifyUrl: `${deps.publicUrl}/v/${number}`,
    };
    const key = blobKeyOf(number);
    const existing = await deps.blobs.get(key);
    // pdfkit and fontkit load on the first certificate, not on every cold start of the API.
    const render = async () =>
      (await import('../../printables/certificate-pdf')).renderCertificatePdf(content, await deps.loadFont());
    const bytes = existing?.bytes ?? new Uint8Array(await render());
    if (!existing) {
      await deps.blobs.put(key, bytes, 'application/pdf').catch((err: unknown) => {
        if (!AppError.is(err, 'attachment.exists')) throw err; // a concurrent run stored the same bytes
      });
    }
    const { verifyUrl: _v, issuedAt: _i, ...shown } = content;
    return deps.certificates.create({
      ...shown,
      orgCode: unit.code,
      acceptanceId: acceptance.id,
      issuedAt,
      sha256: sha256(bytes),
      blobKey: key,
      size: bytes.byteLength,
    });
  }

  /** Makes sure the acceptance has its one certificate; returns what happened. */
  async function ensure(unit: OrgUnit, acceptance: AcceptanceEvent, now: Date) {
    const claimed = await deps.certificates.claimOf(unit.code, acceptance.id);
    if (claimed)
      return { issued: await complete(unit, acceptance, claimed.number, claimed.issuedAt), gap: false };
    const { countyCode } = await names(unit.code);
    const year = Number(acceptance.effectiveDate.slice(0, 4));
    const number = certificateNumber(
      countyCode,
      year,
      await deps.certificates.nextSequence(countyCode, year),
    );
    const held = await deps.certificates.claim(unit.code, acceptance.id, number, now.toISOString());
    return {
      issued: await complete(unit, acceptance, held.number, held.issuedAt),
      gap: held.number !== number,
    };
  }

  const eventsOf = (r: VillageRecords): VillageEvent[] => villageEvents(r, factKeys);

  /** The records of a village (its unit as stored, its history). */
  const recordsOf = async (unit: OrgUnit): Promise<VillageRecords> => ({
    unit,
    ...(await deps.history.read(unit.code)),
  });

  /** A certificate with its status on `today`, read from the village's events. */
  async function withStatus(cert: Certificate, today: string): Promise<CertificateView> {
    const unit = await deps.orgLookup.get(cert.orgCode);
    const status = unit
      ? certificateStatus(cert, eventsOf(await recordsOf(unit)), today)
      : { status: 'revoked' as const, revokedAt: today, reason: '该村（居）已不在名单中' };
    const { acceptanceId: _a, blobKey: _b, size: _s, ...rest } = cert;
    return { ...rest, orgName: unit?.name ?? cert.village, ...status };
  }

  async function inScope(principal: Principal, number: string): Promise<Certificate> {
    const cert = await deps.certificates.get(number);
    // Outside the caller's scope it does not exist for them either: the same 404, no village named.
    if (!cert || !isWithinScope(principal.scope, cert.orgCode)) throw new AppError('certificate.not_found');
    return cert;
  }

  /**
   * The village's certificate that matters today, with its status: the acceptance in
   * force's (none yet while the job has still to issue it), else the newest one. Villages
   * never accepted read no certificates.
   */
  async function certificateOfToday(unit: OrgUnit, now: Date) {
    const today = chinaIsoDate(now);
    const records = await recordsOf(unit);
    const events = eventsOf(records);
    if (!events.some((e) => e.type === 'acceptance')) return undefined;
    const certs = await deps.certificates.listUnder(unit.code);
    const inForce = acceptanceInForce(events, today);
    const cert = inForce
      ? certs.find((c) => c.acceptanceId === inForce.id)
      : [...certs].sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : -1))[0];
    return cert ? { cert, status: certificateStatus(cert, events, today), records, today } : undefined;
  }

  /** The certificate of the acceptance in force, if it is valid today. */
  async function currentCertificate(unit: OrgUnit, now: Date): Promise<Certificate | undefined> {
    const found = await certificateOfToday(unit, now);
    return found?.status.status === 'valid' ? found.cert : undefined;
  }

  /**
   * What the village's own page says about its certificate: valid (the download), revoked
   * (when, why, which number), or nothing (none yet, or a new acceptance's still to come).
   */
  async function pageCertificate(unit: OrgUnit, now: Date): Promise<PageCertificate> {
    const found = await certificateOfToday(unit, now);
    if (!found) return { state: 'none' };
    const { cert, status, records, today } = found;
    if (status.status === 'valid') return { state: 'valid' };
    const revokedAt = status.revokedAt ?? today;
    // The township's own words, when a look-back revoked it: the village's page may say them
    // (the public verify page keeps to the reason).
    const lookback = records.evaluations.find(
      (e) => e.formId === 'lookback' && e.conclusion === 'revoke' && e.effectiveDate === revokedAt,
    );
    const said = lookback?.answers.reasons;
    const note =
      typeof said === 'string'
        ? said
            .trim()
            .replace(/[。.]+$/, '')
            .slice(0, 300)
        : '';
    return {
      state: 'revoked',
      number: cert.number,
      revokedAt,
      reason: status.reason ?? '已不再达标',
      ...(note ? { note } : {}),
    };
  }

  const pageCertificateCache = ttlCache<string, PageCertificate>({
    ttlMs: currentCertificateTtlMs,
    maxEntries: 5000,
    clock: () => performance.now(),
  });

  const pdfOf = async (cert: Certificate) => {
    const blob = await deps.blobs.get(cert.blobKey);
    if (!blob) throw new AppError('certificate.not_found');
    return { fileName: `达标证书-${cert.number}.pdf`, bytes: blob.bytes };
  };

  return {
    /** One run of the `certificates` job over the townships whose villages changed. */
    async run(now: Date): Promise<CertificateRunCounts> {
      const nowIso = now.toISOString();
      const today = chinaIsoDate(now);
      const counts: CertificateRunCounts = {
        provinces: 0,
        townships: 0,
        villages: 0,
        issued: 0,
        gaps: 0,
        failed: 0,
      };
      const failures: unknown[] = [];
      for (const province of await deps.changes.provinces()) {
        counts.provinces++;
        const before = failures.length;
        const { townships } = await townshipsToDo(deps, 'certificates', province, nowIso);
        for (const township of townships) {
          try {
            const villages = (await deps.orgs.children(township)).filter((u) => u.level === 'village');
            counts.townships++;
            await mapLimit(villages, 4, async (unit) => {
              counts.villages++;
              const acceptance = deservesCertificate(eventsOf(await recordsOf(unit)), today);
              if (!acceptance) return;
              const done = await ensure(unit, acceptance, now);
              if (done.issued) counts.issued++;
              if (done.gap) counts.gaps++;
            });
          } catch (err) {
            failures.push(err);
          }
        }
        if (failures.length === before) await deps.changes.setWatermark(province, nowIso, 'certificates');
      }
      counts.failed = failures.length;
      if (failures.length > 0) {
        throw new AggregateError(failures, `证书任务有 ${failures.length} 处失败，下次运行将继续发放`);
      }
      return counts;
    },

    /** The public verify answer, throttled per client address (429 `certificate.throttled`). */
    async verify(number: string, client: string, now: Date): Promise<CertificateView> {
      const state = await deps.throttles.get('verify', client);
      const locked = lockedFor(state, now);
      if (locked > 0) throw new AppError('certificate.throttled', { details: { retryAfterSeconds: locked } });
      // Every lookup counts, found or not: enumeration is what is being slowed down.
      await deps.throttles.put('verify', client, afterFailure(state, now, verifyThrottle), state?.rev);
      const cert = await deps.certificates.get(number);
      if (!cert) throw new AppError('certificate.not_found', { details: { number } });
      return withStatus(cert, chinaIsoDate(now));
    },

    /** The certificates of the villages under `code`, with their live status. */
    async list(principal: Principal, code: string, now: Date): Promise<CertificateView[]> {
      assertInScope(principal, code);
      const today = chinaIsoDate(now);
      return mapLimit(await deps.certificates.listUnder(code), 8, (c) => withStatus(c, today));
    },

    /** The stored PDF of a certificate in the caller's scope (never re-rendered). */
    async pdf(principal: Principal, number: string) {
      return pdfOf(await inScope(principal, number));
    },

    /** The village's current (valid) certificate, for a holder of any of its links (read live). */
    async current(unit: OrgUnit, now: Date) {
      const cert = await currentCertificate(unit, now);
      if (!cert) throw new AppError('certificate.none');
      return pdfOf(cert);
    },

    /**
     * The village's certificate as its survey page shows it (`pageCertificate`): cached per
     * village for a minute, so a page view stays within its store budget. The download
     * itself is checked live, so a stale "valid" gets a clear 404, never a revoked certificate.
     */
    async forPage(unit: OrgUnit, now: Date): Promise<PageCertificate> {
      return (
        (await pageCertificateCache.get(unit.code, () => pageCertificate(unit, now))) ?? { state: 'none' }
      );
    },

    /** A ZIP of every certificate PDF of the villages under `code` (valid and revoked, named by status). */
    async zip(principal: Principal, code: string, now: Date) {
      const views = await this.list(principal, code, now);
      const files: Record<string, Uint8Array> = {};
      for (const view of views) {
        const cert = await deps.certificates.get(view.number);
        if (!cert) continue;
        const { bytes } = await pdfOf(cert);
        files[certificateEntryName(view)] = bytes;
      }
      const { zipSync } = await import('fflate');
      return zipSync(files, { level: 0 });
    },
  };
}

export type CertificateService = ReturnType<typeof createCertificates>;

/** A village's certificate as its own survey page shows it. */
export type PageCertificate =
  | { state: 'valid' }
  | {
      state: 'revoked';
      number: string;
      revokedAt: string;
      reason: string;
      /** The look-back's 原因说明, when it revoked it. */
      note?: string;
    }
  | { state: 'none' };

/**
 * The name of a certificate in the township ZIP, `[已撤销-]村名-编号.pdf`. The village name
 * is imported data: made a safe file-name part, so a name like `../../x` or `C:\x` cannot
 * make an entry that unpacks outside the folder (zip slip); the village code if nothing is left.
 */
function certificateEntryName(
  view: Pick<CertificateView, 'status' | 'village' | 'orgCode' | 'number'>,
): string {
  const village = safeFileNamePart(view.village, view.orgCode);
  return `${view.status === 'valid' ? '' : '已撤销-'}${village}-${view.number}.pdf`;
}
