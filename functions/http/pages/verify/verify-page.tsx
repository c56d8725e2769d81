import type { Child } from 'hono/jsx';
import type { CertificateView } from '../../../../shared/app/certificates/certificate-service';
import { chinaDateText, formatChinaTime } from '../../../../shared/lib/china-time';
import { renderDocument } from '../survey/page-shell';
import { verifyAssets } from '../survey-assets';

/** The verify page's Content-Security-Policy: this origin's stylesheet and icon, nothing else (no script at all). */
export const verifyCsp = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  // The number lookup posts nowhere else: a GET to /v on this site.
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The errors the verify page explains itself; anything else gets the generic error page. */
export type VerifyErrorCode = 'certificate.not_found' | 'certificate.throttled';

/** A public page: the shared document, never indexed (numbers are not to be collected by crawlers). */
const verifyDocument = (title: string, children: Child) =>
  renderDocument({ title, assets: verifyAssets, script: false, noindex: true, children });

const Header = () => (
  <header class="hd">
    <p class="org">城乡社区老年协会规范化建设</p>
    <h1>达标证书查验</h1>
  </header>
);

/** 有效 / 已撤销 in large type; a revocation with its date and why (e.g. 2026年1月30日经回头看撤销达标). */
function StatusBlock({ view }: { view: CertificateView }) {
  if (view.status === 'valid') {
    return (
      <div class="note ok" id="status" data-status="valid">
        <p class="status valid">有效</p>
        <p class="since">本证书对应的评估验收结果现仍有效。</p>
      </div>
    );
  }
  const since = view.revokedAt ? chinaDateText(view.revokedAt) : '';
  return (
    <div class="note warn" id="status" data-status="revoked">
      <p class="status revoked">已撤销</p>
      <p class="since">
        {since}
        {view.reason ?? '已撤销'}
      </p>
    </div>
  );
}

/** The PDF's SHA-256 in groups of four (no spaces in the text: a copied value is the digest itself). */
function Fingerprint({ sha256, number }: { sha256: string; number: string }) {
  const file = `达标证书-${number}.pdf`;
  return (
    <section class="sec">
      <h2>电子文件指纹（SHA-256）</h2>
      <p class="hash" id="sha256">
        {(sha256.match(/.{1,4}/g) ?? []).map((group) => (
          <span>{group}</span>
        ))}
      </p>
      <p class="sd">
        核对电子文件：运行 <code>sha256sum {file}</code>（Windows：
        <code>certutil -hashfile {file} SHA256</code>
        ），结果应与上面完全一致；核对纸质证书：编号、名称和等级应与本页一致。
      </p>
    </section>
  );
}

/**
 * The public verify page of a certificate (`GET /v/{number}`): its live status in large
 * type, then what the certificate says (association, village, township, county, grade,
 * acceptance and issue dates, number) and the PDF's SHA-256. It shows only what the
 * certificate record and the village's status give, and no personal data (no names, no
 * phone numbers). `now` is the time of the lookup, shown with the status.
 */
export function renderVerifyPage(view: CertificateView, now: Date): string {
  const rows: [string, string][] = [
    ['协会名称', view.association],
    ['村（居）', view.village],
    ['乡镇（街道）', view.township],
    ['县（市、区）', view.county],
    ['评定等级', view.grade],
    ['验收日期', chinaDateText(view.acceptedOn)],
    ['发证日期', chinaDateText(view.issuedAt)],
  ];
  return verifyDocument(
    `${view.status === 'valid' ? '有效' : '已撤销'} · 达标证书 ${view.number}`,
    <>
      <Header />
      <main>
        <StatusBlock view={view} />
        <section class="sec">
          <dl>
            {rows.map(([term, detail]) => (
              <>
                <dt>{term}</dt>
                <dd>{detail}</dd>
              </>
            ))}
            <dt>证书编号</dt>
            <dd class="id">{view.number}</dd>
          </dl>
          <p class="sd">
            查询时间：{formatChinaTime(now)}
            （北京时间）。证书状态按该村（居）当前的达标状态实时查询，以本页为准。
          </p>
        </section>
        <Fingerprint sha256={view.sha256} number={view.number} />
      </main>
    </>,
  );
}

const errorTexts: Record<
  VerifyErrorCode,
  (retryAfterSeconds: number) => { title: string; what: string; todo: string }
> = {
  'certificate.not_found': () => ({
    title: '未找到该证书',
    what: '没有查到这个编号的达标证书。',
    todo: '请核对证书编号：应与证书上“证书编号”一栏完全一致，格式为“县代码-年份-序号”，如 341022-2025-0007；也可以用手机直接扫描证书上的二维码。仍查不到时，请联系发证的乡镇人民政府核实。',
  }),
  'certificate.throttled': (seconds) => ({
    title: '查询过于频繁',
    what: '从您所在的网络短时间内查询的次数过多，查询已暂停。',
    todo: `请约 ${Math.max(1, Math.ceil(seconds / 60))} 分钟后再打开本页。`,
  }),
};

/** Whether an error code is one the verify page explains itself. */
export const isVerifyError = (code: string): code is VerifyErrorCode => Object.hasOwn(errorTexts, code);

/** Typing the number from the paper: for a certificate whose QR code is worn or will not scan. */
function NumberLookup({ typed, error }: { typed?: string; error?: string }) {
  return (
    <form method="get" action="/v" class="lookup">
      <label for="number">输入证书编号查验</label>
      {error ? (
        <p class="er" id="number-error">
          {error}
        </p>
      ) : null}
      <input
        id="number"
        name="number"
        type="text"
        inputmode="numeric"
        autocomplete="off"
        placeholder="如 341022-2025-0007"
        value={typed ?? ''}
        {...(error ? { 'aria-invalid': 'true', 'aria-describedby': 'number-error' } : {})}
      />
      <button type="submit" class="btn pri">
        查验
      </button>
    </form>
  );
}

/** `GET /v`: the lookup by number, or the number typed again with what is wrong with it. */
export function renderVerifyLookupPage(input: { typed?: string; error?: string } = {}): string {
  return verifyDocument(
    '达标证书查验',
    <>
      <Header />
      <main>
        <section class="le">
          <p>扫描证书上的二维码即可查验；二维码无法扫描时，请输入证书上“证书编号”一栏的编号。</p>
          <NumberLookup {...input} />
        </section>
      </main>
    </>,
  );
}

/** The page for an unknown or malformed number (404) or a throttled client (429): what happened, what to do. */
export function renderVerifyErrorPage(code: VerifyErrorCode, retryAfterSeconds = 0): string {
  const text = errorTexts[code](retryAfterSeconds);
  return verifyDocument(
    text.title,
    <>
      <Header />
      <main>
        <section class="le" data-error-code={code}>
          <h2>{text.title}</h2>
          <p>{text.what}</p>
          <h2>怎么办</h2>
          <p>{text.todo}</p>
          {code === 'certificate.not_found' ? <NumberLookup /> : null}
        </section>
      </main>
    </>,
  );
}
