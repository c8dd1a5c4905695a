// The executive on a tablet (issue 6): at 1366×1024 the KPI ranking of teams and of specialists
// fits without horizontal scroll, and a tap opens a team, then the rows behind a number.
import { test, expect, type Page } from './test';
import { stateFile } from './fixture';

test.use({ storageState: stateFile('exec'), viewport: { width: 1366, height: 1024 } });

async function overflow(page: Page): Promise<{ page: number; ranking: number }> {
  return page.evaluate(() => {
    const wrap = document.querySelector('[data-testid="kpi-ranking"]')?.closest('.table-wrap') as HTMLElement | null;
    return {
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      ranking: wrap ? wrap.scrollWidth - wrap.clientWidth : Number.NaN,
    };
  });
}

test('the ranking fits 1366×1024 without horizontal scroll; a tap opens a team and a number\'s rows', async ({ page }) => {
  for (const url of ['/kpi', '/kpi?by=specialist', '/kpi?view=results', '/kpi?view=overdue&by=specialist']) {
    await page.goto(url);
    await expect(page.getByTestId('kpi-ranking')).toBeVisible();
    expect(await overflow(page), url).toEqual({ page: 0, ranking: 0 });
  }
  await page.goto('/kpi');
  const team = page.getByTestId('kpi-row').first().locator('td').first().getByRole('link');
  await team.tap();
  await expect(page).toHaveURL(/team=/);
  expect(await overflow(page)).toEqual({ page: 0, ranking: 0 });
  const cell = page.getByTestId('kpi-row').first().locator('td[data-metric="calls"]').getByRole('link').first();
  await cell.tap();
  await expect(page).toHaveURL(/\/kpi\/rows\?.*control=calls/);
  await expect(page.getByTestId('kpi-figure')).toContainText('Показатель');
  const o = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(o).toBeLessThanOrEqual(0);
});
