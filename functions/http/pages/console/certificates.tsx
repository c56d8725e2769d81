import type { CertificateView } from '../../../../shared/app/certificates/certificate-service';
import { formatChinaTime } from '../../../../shared/lib/china-time';
import { DataTable } from './shell';

/**
 * 达标证书 on the console: a village's certificates (each with its live status and its
 * stored PDF), or a unit's list with a ZIP of all of them.
 */
export function CertificatesCard(props: { certificates: readonly CertificateView[]; zipOf?: string }) {
  const { certificates, zipOf } = props;
  return (
    <div class="card" data-testid="certificates">
      <h2>达标证书（{certificates.length}）</h2>
      {certificates.length === 0 ? (
        <p class="muted">还没有证书。村（居）经评估验收达标后，系统在几分钟内自动发放证书。</p>
      ) : (
        <DataTable
          head={
            <>
              <th>证书编号</th>
              <th>村（居）</th>
              <th>等级</th>
              <th>发证时间</th>
              <th>状态</th>
              <th />
            </>
          }
        >
          {certificates.map((c) => (
            <tr>
              <td data-label="证书编号">{c.number}</td>
              <td data-label="村（居）">{c.village}</td>
              <td data-label="等级">{c.grade}</td>
              <td data-label="发证时间">{formatChinaTime(c.issuedAt)}</td>
              <td data-label="状态">
                {c.status === 'valid' ? (
                  <span class="tag ok">有效</span>
                ) : (
                  <span class="tag bad">
                    已撤销（{c.revokedAt}
                    {c.reason ? `，${c.reason}` : ''}）
                  </span>
                )}
              </td>
              <td>
                <a href={`/api/v1/certificates/${c.number}/pdf`}>下载 PDF</a> ·{' '}
                <a href={`/v/${c.number}`}>查验页</a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {zipOf && certificates.length > 0 ? (
        <p>
          <a class="button secondary" href={`/api/v1/orgs/${zipOf}/certificates/zip`}>
            打包下载全部证书（ZIP）
          </a>
        </p>
      ) : null}
    </div>
  );
}
