import { formatChinaTime } from '../../../../shared/lib/china-time';
import { callJson, errorOf } from './api';
import { browser, clock } from './dom';

/** A draft kept on the phone, per link. */
export interface LocalDraft {
  answers: Record<string, unknown>;
  /** When it was written (the phone's clock). */
  savedAt: string;
  formVersion: number;
  /** True once the server has the same answers. */
  synced: boolean;
}

const keyOf = (token: string) => `survey-draft:${token}`;

/** The phone's draft for a link, or null (none, unreadable, or storage blocked). */
export function readLocalDraft(token: string): LocalDraft | null {
  try {
    const parsed: unknown = JSON.parse(browser.localStorage.getItem(keyOf(token)) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const d = parsed as Partial<LocalDraft>;
    if (typeof d.answers !== 'object' || d.answers === null || typeof d.savedAt !== 'string') return null;
    return {
      answers: d.answers,
      savedAt: d.savedAt,
      formVersion: Number(d.formVersion),
      synced: d.synced === true,
    };
  } catch {
    return null;
  }
}

function writeLocal(token: string, draft: LocalDraft): void {
  try {
    browser.localStorage.setItem(keyOf(token), JSON.stringify(draft));
  } catch {
    // Storage full or blocked (some in-app browsers): the server copy still works.
  }
}

export function clearLocalDraft(token: string): void {
  try {
    browser.localStorage.removeItem(keyOf(token));
    browser.localStorage.removeItem(`${keyOf(token)}:section`);
  } catch {
    // Nothing to clear.
  }
}

/** The section last shown on this phone (coming back lands where the person left off). */
export function recallSection(token: string): number {
  try {
    return Number(browser.localStorage.getItem(`${keyOf(token)}:section`)) || 0;
  } catch {
    return 0;
  }
}

export function rememberSection(token: string, index: number): void {
  try {
    browser.localStorage.setItem(`${keyOf(token)}:section`, String(index));
  } catch {
    // Storage blocked: the first section it is.
  }
}

/**
 * Which draft to show on load: the phone's when it is newer than the server's (or
 * the server has none) and differs from what the page shows; otherwise the page's.
 */
export function chooseDraft(
  local: LocalDraft | null,
  serverSavedAt: string | null,
  formVersion: number,
  shown: Record<string, unknown>,
): LocalDraft | null {
  if (!local || local.formVersion !== formVersion) return null;
  if (JSON.stringify(local.answers) === JSON.stringify(shown)) return null;
  if (serverSavedAt !== null && Date.parse(local.savedAt) <= Date.parse(serverSavedAt)) return null;
  return local;
}

export function restoredText(draft: LocalDraft): string {
  return `已恢复本机草稿（${formatChinaTime(draft.savedAt)} 保存）`;
}

/**
 * Keeps the draft: on the phone at every change, on the server ~1.5 s after the last
 * change. A failed save is retried with growing pauses and when the phone is back online.
 */
export function createDraftSync(opts: {
  api: string;
  token: string;
  formVersion: number;
  status: (text: string) => void;
}) {
  let latest: Record<string, unknown> | null = null;
  let sentJson = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void send(false), ms);
  };

  async function send(keepalive: boolean): Promise<void> {
    if (!latest || stopped) return;
    const answers = latest;
    const json = JSON.stringify(answers);
    if (json === sentJson) return;
    const res = await callJson(`${opts.api}/draft`, 'PUT', { answers }, {}, keepalive);
    if (res.ok) {
      failures = 0;
      sentJson = json;
      if (JSON.stringify(latest) === json) {
        writeLocal(opts.token, {
          answers,
          savedAt: new Date().toISOString(),
          formVersion: opts.formVersion,
          synced: true,
        });
      }
      opts.status(`草稿已自动保存（${clock()}）`);
    } else if (res.status === 0 || res.status >= 500 || res.status === 409 || res.status === 429) {
      failures++;
      opts.status('网络不稳定：草稿已保存在本机，联网后会自动同步到服务器');
      schedule(Math.min(60_000, 5000 * 2 ** (failures - 1)));
    } else {
      stopped = true;
      opts.status(errorOf(res.body)?.message ?? '草稿未能保存到服务器');
    }
  }

  browser.window.addEventListener('online', () => schedule(500));
  return {
    /** Records new answers: saved on the phone now, on the server soon. */
    changed(answers: Record<string, unknown>): void {
      if (stopped) return;
      const json = JSON.stringify(answers);
      if (latest && JSON.stringify(latest) === json) return;
      latest = answers;
      writeLocal(opts.token, {
        answers,
        savedAt: new Date().toISOString(),
        formVersion: opts.formVersion,
        synced: false,
      });
      schedule(1500);
    },
    /** Sends a pending save now (the page is being hidden or closed). */
    flush(): void {
      clearTimeout(timer);
      void send(true);
    },
    stop(): void {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export type DraftSync = ReturnType<typeof createDraftSync>;
