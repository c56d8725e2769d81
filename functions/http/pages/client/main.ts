import { all, browser } from './dom';
import { start } from './survey-client';

// The page is a working form without this script; if the script fails on an odd
// WebView, undo what it changed and switch to that plain form's layout: the
// `<noscript>` stylesheet (its text, while scripts run) shows every section.
try {
  start();
} catch (err) {
  const { document } = browser;
  document.documentElement.className = document.documentElement.className.replace(/\bjs\b/g, '');
  for (const node of all(document, '.js')) node.hidden = true;
  for (const node of all(document, 'head noscript'))
    document.head.insertAdjacentHTML('beforeend', node.textContent || '');
  console.error(err);
}
