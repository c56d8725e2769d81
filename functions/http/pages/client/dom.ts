/**
 * The slice of the browser the survey script uses, typed here instead of through the
 * global DOM lib: the project compiles with Node's types, and adding `lib: dom` would
 * change `fetch`, `BodyInit` and friends for every other file. One loose element shape
 * is enough: the script only touches elements the server rendered for it.
 */

/** Any element of the page. */
export interface El {
  readonly id: string;
  readonly tagName: string;
  className: string;
  hidden: boolean;
  textContent: string | null;
  name: string;
  type: string;
  value: string;
  checked: boolean;
  disabled: boolean;
  readonly accept: string;
  readonly files: ArrayLike<PickedFile> | null;
  readonly firstElementChild: El | null;
  readonly nextSibling: El | null;
  readonly parentElement: El | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
  closest(selector: string): El | null;
  append(...nodes: (El | string)[]): void;
  insertBefore(node: El, before: El | null): void;
  remove(): void;
  replaceWith(node: El): void;
  insertAdjacentHTML(position: string, html: string): void;
  cloneNode(deep: true): El;
  focus(): void;
  scrollIntoView(alignToTop?: boolean): void;
  getBoundingClientRect(): { top: number };
  addEventListener(type: string, listener: (event: DomEvent) => void): void;
  dispatchEvent(event: object): boolean;
}

export interface DomEvent {
  readonly target: El | null;
  preventDefault(): void;
}

/** A file chosen in an `<input type=file>` (a `File`, which is also the upload body). */
export interface PickedFile {
  readonly name: string;
  readonly type: string;
  readonly size: number;
}

interface FetchResponse {
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}

interface Browser {
  document: {
    readonly documentElement: El;
    readonly head: El;
    readonly visibilityState: string;
    getElementById(id: string): El | null;
    querySelectorAll(selector: string): ArrayLike<El>;
    createElement(tag: string): El;
    addEventListener(type: string, listener: () => void): void;
  };
  window: {
    readonly pageYOffset: number;
    scrollTo(x: number, y: number): void;
    addEventListener(type: string, listener: () => void): void;
    removeEventListener(type: string, listener: () => void): void;
  };
  localStorage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
  };
  crypto: { getRandomValues(bytes: Uint8Array): Uint8Array };
  Event: new (type: string, init: { bubbles: boolean }) => object;
  fetch(
    url: string,
    init: {
      method: string;
      headers: Record<string, string>;
      body: unknown;
      credentials?: string;
      keepalive?: boolean;
    },
  ): Promise<FetchResponse>;
}

/** The browser's globals, typed by the slice above. */
export const browser = globalThis as unknown as Browser;

export function byId(id: string): El | null {
  return browser.document.getElementById(id);
}

export function all(root: { querySelectorAll(selector: string): ArrayLike<El> }, selector: string): El[] {
  return Array.prototype.slice.call(root.querySelectorAll(selector));
}

/** Creates an element; string children become text (never parsed as HTML). */
export function h(tag: string, attrs: Record<string, string> | null, ...children: (El | string)[]): El {
  const el = browser.document.createElement(tag);
  for (const name in attrs) el.setAttribute(name, attrs[name] as string);
  el.append(...children);
  return el;
}

export function show(el: El | null | undefined, on: boolean): void {
  if (el && el.hidden === on) el.hidden = !on;
}

/** The wrapper element of a dotted field path, trying shorter paths for nested issues. */
export function wrapperOf(path: string): { el: El; path: string } | null {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const at = parts.slice(0, n).join('.');
    const el = byId(`w-f-${at.split('.').join('-')}`);
    if (el) return { el, path: at };
  }
  return null;
}

/** `HH:MM` of now, for status lines. */
export function clock(): string {
  const d = new Date();
  return `${d.getHours()}:${String(d.getMinutes()).padStart(2, '0')}`;
}
