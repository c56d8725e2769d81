import { all, browser } from './dom';
import { start } from './survey-client';

// The page is a working form without this script; if the script fails on an odd
// WebView, undo what it changed and leave that plain form in place.
try {
  start();
} catch (err) {
  const { document } = browser;
  document.documentElement.className = document.documentElement.className.replace(/\bjs\b/g, '');
  for (const node of all(document, '.js')) node.hidden = true;
  console.error(err);
}
