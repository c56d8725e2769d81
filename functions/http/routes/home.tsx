import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { raw } from 'hono/html';

const css =
  'body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1f2933}h1{font-size:1.4rem}code{background:#eef2f7;padding:0 .3em;border-radius:3px}li{margin:.3rem 0}';
// The page's only style is inline; allow exactly it by hash instead of 'unsafe-inline'.
// Emitted raw (it is a constant): JSX would escape its quotes and break the hash.
const cssHash = createHash('sha256').update(css).digest('base64');

/** The landing page: what this service is and where to go next. */
export const homeRoutes = new Hono().get('/', (c) => {
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'sha256-${cssHash}'; frame-ancestors 'none'`,
  );
  return c.html(
    '<!doctype html>' +
    (
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <title>城乡社区老年协会规范化建设</title>
          <style>{raw(css)}</style>
        </head>
        <body>
          <h1>城乡社区老年协会规范化建设 · 填报与统计</h1>
          <p>
            村（居）通过手机链接填写摸底调查和自评表，乡镇审核验收，系统按年度目标统计各乡镇规范化建设率并发放证书，县级查询汇总。
          </p>
          <ul>
            <li>
              乡镇、县级工作人员：<a href="/login">登录工作台</a>
            </li>
            <li>村（居）填报：请使用乡镇下发的专属链接。</li>
            <li>
              查验达标证书：扫描证书上的二维码，或<a href="/v">输入证书编号</a>
            </li>
            <li>
              供信息化人员：<a href="/api/v1/openapi.json">接口说明（OpenAPI）</a>、
              <a href="/health">服务状态</a>
            </li>
          </ul>
        </body>
      </html>
    ),
  );
});
