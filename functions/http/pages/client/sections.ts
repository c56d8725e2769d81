import type { CompiledForm } from '../../../../shared/forms/compiled-form';
import { currentSection, stepSection } from '../survey/render-model';
import { browser, byId, type El, show } from './dom';

/**
 * Sections as pages (the server drew the first one so already): one section shown at a time, “第 k / n 部分” and a progress bar
 * over the sections currently shown (a section hidden by `visibleIf` is skipped), and
 * previous/next buttons; the submit button appears on the last section. The current
 * section is kept in the hidden `section` input.
 */
export function createSections(
  form: CompiledForm,
  el: El,
  initial: number,
  remember: (index: number) => void,
) {
  const sections = form.sections.map((s) => byId(`s-${s.key}`));
  const progress = byId('pg');
  const input = el.querySelector('input[name="section"]');
  let current = initial;
  const shown = () => sections.map((s, i) => (s && !s.hidden ? i : -1)).filter((i) => i >= 0);

  const visible = () => sections.map((s) => Boolean(s && !s.hidden));

  function refresh(): void {
    current = currentSection(visible(), current);
    const list = shown();
    const pos = list.indexOf(current);
    sections.forEach((s, i) => {
      const number = s?.querySelector('.sn');
      if (!s || !number) return;
      s.className = i === current ? 'sec cur' : 'sec';
      number.textContent = `第 ${list.indexOf(i) + 1} / ${list.length} 部分`;
    });
    progress?.setAttribute('max', String(list.length));
    progress?.setAttribute('value', String(pos + 1));
    if (input) input.value = String(current);
    show(el.querySelector('.prev'), pos > 0);
    show(el.querySelector('.next'), pos < list.length - 1);
    show(el.querySelector('.submit'), pos === list.length - 1);
  }

  function goTo(index: number): void {
    current = index;
    refresh();
    remember(current);
    const section = sections[current];
    const { window } = browser;
    if (section)
      window.scrollTo(0, Math.max(0, window.pageYOffset + section.getBoundingClientRect().top - 8));
  }

  return {
    refresh,
    goTo,
    key: () => form.sections[current]?.key ?? '',
    /** Moves by `delta` shown sections. */
    step(delta: 1 | -1): void {
      const next = stepSection(visible(), current, delta);
      if (next !== current) goTo(next);
    },
    isLast(): boolean {
      const list = shown();
      return list.indexOf(current) === list.length - 1;
    },
  };
}
