// What a screen must hold at every size (issue 19), measured in the browser: no page-level
// horizontal scroll, no header cut short, every money and percent figure on one line, and the
// money a view is about (Осталось, Прогноз, Больше 90 дн.) on screen without scrolling sideways.
// Used by screens.spec.ts at 1440, 1024 (touch) and 390 px.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** Every main page, as an executive sees it (the widest scope); `{client}` and `{load}` are filled in. */
export const MAIN_PAGES = [
  '/overview', '/payments', '/payments?by=client', '/payments/calls', '/payments/debtors', '/payments/acts', '/payments/accuracy', '/kpi', '/kpi?by=specialist',
  '/abc-xyz', '/abc-xyz/transitions', '/bcg', '/clients', '/clients/{client}', '/my-day', '/beacon', '/loads', '/loads/{load}',
  '/help/metrics',
] as const;

/** Column headers whose money must be visible without scrolling at 1024 px and up. */
export const KEY_COLUMNS: Record<string, string[]> = {
  '/payments': ['Осталось', 'Прогноз'],
  '/payments?by=client': ['Осталось'],
  '/payments/debtors': ['Долг', 'Больше 90 дн.'],
  '/payments/calls': ['Под риском'],
};

export interface ScreenProblems {
  pageOverflow: number;
  cutHeaders: string[];
  brokenFigures: string[];
  hiddenKeyColumns: string[];
}

export async function measureScreen(page: Page, keyColumns: string[] = []): Promise<ScreenProblems> {
  return page.evaluate((keys) => {
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width < 2 || r.height < 2) return false;
      const s = getComputedStyle(el);
      return s.visibility !== 'hidden' && s.display !== 'none';
    };
    const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    // Lines a figure takes: its text nodes grouped by their nearest block inside it (a note under
    // a figure is its own block); the most lines any group takes. Text a screen reader alone
    // reads (clipped to 1 px) and pseudo-elements such as a card's data-label are not counted.
    const lines = (el: Element) => {
      const groups = new Map<Element, number[]>();
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement!;
        if (!node.textContent?.trim() || !visible(parent)) continue;
        let block: Element = parent;
        while (block !== el && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement!;
        if (block !== el && block.matches('.small, .tile-sub')) continue; // a note under the figure may wrap
        const range = document.createRange();
        range.selectNodeContents(node);
        const tops = groups.get(block) ?? [];
        for (const r of Array.from(range.getClientRects())) {
          if (r.width >= 1 && !tops.some((t) => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
        }
        groups.set(block, tops);
      }
      return Math.max(0, ...Array.from(groups.values(), (tops) => tops.length));
    };
    const cutHeaders: string[] = [];
    for (const th of Array.from(document.querySelectorAll('thead th, [role="columnheader"]'))) {
      if (!visible(th) || th.parentElement!.getBoundingClientRect().height < 2) continue;
      for (const el of [th, ...Array.from(th.querySelectorAll('button, span, a'))]) {
        if (visible(el) && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') {
          cutHeaders.push(text(th) || '(пустой)');
          break;
        }
      }
    }
    const brokenFigures: string[] = [];
    for (const el of Array.from(document.querySelectorAll('td.num, th.num, .money, .tile-value, [data-figure]'))) {
      if (!visible(el) || !text(el)) continue;
      if (lines(el) > 1) brokenFigures.push(text(el));
    }
    const hiddenKeyColumns: string[] = [];
    for (const key of keys) {
      const th = Array.from(document.querySelectorAll('thead th')).find((h) => text(h).replace(/[▲▼]/g, '').trim() === key);
      if (!th) { hiddenKeyColumns.push(`${key} (нет столбца)`); continue; }
      const r = th.getBoundingClientRect();
      const wrap = th.closest('.table-wrap')?.getBoundingClientRect();
      if (r.width < 2 || r.right > window.innerWidth + 1 || (wrap && r.right > wrap.right + 1)) hiddenKeyColumns.push(key);
    }
    return {
      pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      cutHeaders,
      brokenFigures: brokenFigures.slice(0, 10),
      hiddenKeyColumns,
    };
  }, keyColumns);
}

/** axe's serious and critical findings on the page as it is, one line each. */
export async function axeSerious(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')} (${v.nodes.length})`);
}
