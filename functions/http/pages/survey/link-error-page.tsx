import { surveyAssets } from '../survey-assets';
import { type PageAssets, renderDocument } from './page-shell';

/** The link problems a survey link can have. */
export type LinkErrorCode = 'link.invalid' | 'link.expired' | 'link.revoked';

const texts: Record<LinkErrorCode, { title: string; what: string; todo: string }> = {
  'link.invalid': {
    title: '链接无效',
    what: '这个填报链接不正确或不完整，系统找不到对应的填报任务。',
    todo: '请检查是否完整复制了链接（微信里可长按链接选择“复制”后重新打开）。仍打不开时，请联系乡镇（镇卫健办或民政办）重新发送链接。',
  },
  'link.expired': {
    title: '链接已过期',
    what: '这个填报链接已超过有效期，不能再填写或提交。',
    todo: '如仍需填报，请联系乡镇（镇卫健办或民政办）索取新的填报链接。已提交的内容不受影响。',
  },
  'link.revoked': {
    title: '链接已停用',
    what: '乡镇已停用这个填报链接，可能已经发放了新的链接。',
    todo: '请联系乡镇（镇卫健办或民政办）索取新的填报链接。已提交的内容不受影响。',
  },
};

/** Whether an error code is one of a survey link's problems. */
export const isLinkError = (code: string): code is LinkErrorCode => Object.hasOwn(texts, code);

/**
 * A clear Chinese page for a survey link that cannot be used: what happened and what
 * to do (ask the township for a new link). The code is in `data-error-code`.
 */
export function renderLinkErrorPage(code: LinkErrorCode, assets: PageAssets = surveyAssets): string {
  const text = texts[code];
  return renderDocument({
    title: text.title,
    assets,
    script: false,
    children: (
      <main class="le" data-error-code={code}>
        <h1>{text.title}</h1>
        <p>{text.what}</p>
        <h2>怎么办</h2>
        <p>{text.todo}</p>
      </main>
    ),
  });
}
