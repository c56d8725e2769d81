import type { PageCertificate } from '../../../../shared/app/certificates/certificate-service';
import { chinaDateText, formatChinaTime } from '../../../../shared/lib/china-time';
import { receiptCodeOf } from '../../../../shared/submissions/receipt-code';

/** A submission's score as the fill API returns it. */
export interface ReceiptScore {
  total: number;
  maxTotal: number;
  grade: { key: string; label: string } | null;
  standardized: boolean;
  failedVetoes: readonly { key: string; label: string; message: string }[];
}

/** What a stored submission gives back: shown as the receipt. */
export interface SurveyReceipt {
  id: string;
  receivedAt: string;
  formVersion?: number;
  score?: ReceiptScore | null;
  /** The township's review: its state and, once returned, why. */
  review?: { state: 'pending' | 'approved' | 'returned'; comment?: string };
}

/**
 * The receipt: the receipt code (8 characters to read out over the phone; the
 * submission's UUID stays in `data-submission`), time in China time and, for scored
 * forms, the score, grade and a numbered list of the ★ veto items not met. The page
 * script builds the same markup (`client/receipt-view.ts`) after a submission by `fetch`.
 */
export function ReceiptView({ receipt, token }: { receipt: SurveyReceipt; token: string }) {
  const { score } = receipt;
  return (
    <section class="rc" id="receipt" tabindex={-1} data-submission={receipt.id}>
      <h2>✓ 提交成功</h2>
      <dl>
        <dt>回执编号</dt>
        <dd class="id">{receiptCodeOf(receipt.id)}</dd>
        <dt>提交时间</dt>
        <dd>{formatChinaTime(receipt.receivedAt)}（北京时间）</dd>
        {receipt.review && receipt.review.state !== 'pending' ? (
          <>
            <dt>乡镇审核</dt>
            <dd>
              {receipt.review.state === 'approved' ? '已通过' : `已退回：${receipt.review.comment ?? ''}`}
            </dd>
          </>
        ) : null}
        {score ? (
          <>
            <dt>得分</dt>
            <dd>
              {score.total} / {score.maxTotal} 分
            </dd>
            <dt>等级</dt>
            <dd>
              {score.grade?.label ?? '—'}（{score.standardized ? '达到规范化标准' : '未达到规范化标准'}）
            </dd>
            {score.failedVetoes.length > 0 ? (
              <>
                <dt>未达到的★否决项</dt>
                <dd>
                  <ol class="vetoes">
                    {score.failedVetoes.map((veto) => (
                      <li>{veto.message}</li>
                    ))}
                  </ol>
                </dd>
              </>
            ) : null}
          </>
        ) : null}
      </dl>
      <p>请截图或记下回执编号备查。</p>
      <p>
        如需更正，可<a href={`/f/${encodeURIComponent(token)}`}>重新打开本链接</a>修改后再次提交。
      </p>
    </section>
  );
}

/**
 * The village's 达标证书 on its survey page and receipt: the download while it is valid
 * (the link's own route serves the stored PDF); once revoked, when and why, so the village
 * hears it from its own page too. Markup only: the survey page's weight budget leaves no
 * room for new styles.
 */
export function CertificateLink({ token, certificate }: { token: string; certificate: PageCertificate }) {
  if (certificate.state === 'revoked') {
    return (
      <p class="note warn" id="certificate-revoked">
        本村达标证书（编号 {certificate.number}）已于{' '}
        {chinaDateText(`${certificate.revokedAt}T12:00:00+08:00`)} 失效：{certificate.reason}
        {certificate.note ? `（乡镇说明：${certificate.note}）` : ''}。如有疑问，请联系乡镇。
      </p>
    );
  }
  if (certificate.state !== 'valid') return null;
  return (
    <p class="nav">
      {/* No `download` attribute: the PDF comes as an attachment anyway, and a certificate
          revoked since the page was drawn then shows its page (with a way back) instead of
          a failed download. */}
      <a class="btn pri" href={`/api/v1/fill/${encodeURIComponent(token)}/certificate`}>
        下载本村达标证书（PDF）
      </a>
    </p>
  );
}
