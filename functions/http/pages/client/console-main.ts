/**
 * The staff console's small enhancements (every page works without them): "复制"
 * buttons copy the value of their target field, and buttons with `data-confirm` ask first.
 * Typed by the slice of the browser it uses, like the survey script (no DOM lib).
 */
interface Node {
  value: string;
  textContent: string | null;
  hidden: boolean;
  closest(selector: string): Node | null;
  getAttribute(name: string): string | null;
  select(): void;
}
const g = globalThis as unknown as {
  document: {
    addEventListener(
      type: 'click',
      fn: (event: { target: Node | null; preventDefault(): void }) => void,
    ): void;
    getElementById(id: string): Node | null;
    querySelectorAll(selector: string): ArrayLike<Node>;
    execCommand(command: 'copy'): boolean;
  };
  navigator: { clipboard?: { writeText(text: string): Promise<void> } };
  confirm(question: string): boolean;
};

g.document.addEventListener('click', (event) => {
  const button = event.target?.closest('button') ?? null;
  if (!button) return;
  const copyId = button.getAttribute('data-copy');
  if (copyId) {
    event.preventDefault();
    const field = g.document.getElementById(copyId);
    if (!field) return;
    const done = () => {
      button.textContent = '已复制';
    };
    const fallback = () => {
      field.select();
      if (g.document.execCommand('copy')) done();
    };
    if (g.navigator.clipboard) g.navigator.clipboard.writeText(field.value).then(done, fallback);
    else fallback();
    return;
  }
  const question = button.getAttribute('data-confirm');
  if (question && !g.confirm(question)) event.preventDefault();
});
for (const button of Array.from(g.document.querySelectorAll('button[data-copy]'))) button.hidden = false;
