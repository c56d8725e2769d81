import { formatChinaTime } from '../../../../shared/lib/china-time';
import { receiptCodeOf } from '../../../../shared/submissions/receipt-code';
import type { SurveyReceipt } from '../survey/receipt';
import { type El, h } from './dom';

/** The receipt after a submission by `fetch`: the same content as the server's `ReceiptView`. */
export function receiptElement(receipt: SurveyReceipt, token: string): El {
  const { score } = receipt;
  const rows: [string, string | El][] = [
    ['回执编号', receiptCodeOf(receipt.id)],
    ['提交时间', `${formatChinaTime(receipt.receivedAt)}（北京时间）`],
  ];
  if (score) {
    const standard = score.standardized ? '达到规范化标准' : '未达到规范化标准';
    rows.push(
      ['得分', `${score.total} / ${score.maxTotal} 分`],
      ['等级', `${score.grade ? score.grade.label : '—'}（${standard}）`],
    );
    if (score.failedVetoes.length > 0) {
      rows.push([
        '未达到的★否决项',
        h('ol', { class: 'vetoes' }, ...score.failedVetoes.map((v) => h('li', null, v.message))),
      ]);
    }
  }
  const list = h('dl', null);
  rows.forEach(([term, detail], i) => {
    list.append(h('dt', null, term), h('dd', i === 0 ? { class: 'id' } : null, detail));
  });
  const again = h('a', { href: `/f/${encodeURIComponent(token)}` }, '重新打开本链接');
  return h(
    'section',
    { class: 'rc', id: 'receipt', tabindex: '-1', 'data-submission': receipt.id },
    h('h2', null, '✓ 提交成功'),
    list,
    h('p', null, '请截图或记下回执编号备查。'),
    h('p', null, '如需更正，可', again, '修改后再次提交。'),
  );
}

/** Reads a 201 body into a receipt, or null when it is not one. */
export function asReceipt(body: unknown): SurveyReceipt | null {
  const r = (body || {}) as Partial<SurveyReceipt>;
  if (typeof r.id !== 'string' || typeof r.receivedAt !== 'string') return null;
  const s = r.score;
  return {
    id: r.id,
    receivedAt: r.receivedAt,
    score: s && typeof s.total === 'number' ? { ...s, failedVetoes: s.failedVetoes || [] } : null,
  };
}
