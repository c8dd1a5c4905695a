// Every main page at 1440 px, at 1024 px (touch) and at 390 px (the desktop, tablet and phone
// projects each run this file): no page-level horizontal scroll, no header cut short, every money
// and percent figure on one line, the key money of Оплаты and Должники on screen without scrolling
// sideways at 1024 px and up, and axe with 0 serious and 0 critical findings (issue 19).
import { test, expect } from './test';
import { readFixture, stateFile } from './fixture';
import { axeSerious, KEY_COLUMNS, MAIN_PAGES, measureScreen } from './screens';

test.use({ storageState: stateFile('exec') });

for (const tpl of MAIN_PAGES) {
  test(`${tpl} fits the screen, figures whole, axe clean`, async ({ page }, info) => {
    let url: string = tpl;
    if (tpl.includes('{client}')) url = tpl.replace('{client}', encodeURIComponent(readFixture().clientIds[0]));
    if (tpl.includes('{load}')) {
      await page.goto('/loads');
      const href = await page.locator('a[href^="/loads/"]').first().getAttribute('href');
      expect(href, 'a load to open').toBeTruthy();
      url = href!;
    }
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // Client-side parts (the clients list, charts, column choices) lay out after hydration; the
    // page keeps its live-updates stream open, so there is no network idle to wait for.
    await page.waitForTimeout(800);
    const keys = info.project.name === 'phone' ? [] : KEY_COLUMNS[tpl] ?? [];
    const m = await measureScreen(page, keys);
    expect.soft(m.pageOverflow, `${url}: page-level horizontal scroll (px)`).toBeLessThanOrEqual(0);
    expect.soft(m.cutHeaders, `${url}: headers cut short`).toEqual([]);
    expect.soft(m.brokenFigures, `${url}: figures broken across lines`).toEqual([]);
    expect.soft(m.hiddenKeyColumns, `${url}: key money columns off screen`).toEqual([]);
    expect(await axeSerious(page), `${url}: axe serious/critical`).toEqual([]);
  });
}
