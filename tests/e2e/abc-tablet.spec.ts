// The executive on a tablet (issue 7): 1024×768, touch. From Обзор a tap on the A-Z cell lists its
// clients and opens one card (which shows the same class); a growth × share point answers a tap
// with its figures and a second tap with its card, with no hover anywhere; none of the views
// scrolls sideways.
import { test, expect, type Page } from './test';
import { stateFile } from './fixture';

test.use({ storageState: stateFile('exec'), hasTouch: true, isMobile: false });

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('Обзор → the A-Z cell → its clients → a card showing A-Z', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/overview$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Обзор' })).toBeVisible();
  expect(await sideways(page)).toBeLessThanOrEqual(0);

  const cell = page.getByRole('link', { name: /^A-Z: / });
  const count = Number((await cell.textContent())!.match(/: ([\d\s ]+) клиент/)![1].replace(/\D/g, ''));
  expect(count).toBeGreaterThan(0);
  await cell.tap();
  await expect(page).toHaveURL(/\/abc-xyz\?cell=A-Z/);
  const list = page.locator('#cell-list');
  await expect(list.getByRole('heading', { name: new RegExp(`^Клиенты A-Z: ${count}$`) })).toBeVisible();
  const rows = list.locator('tbody tr');
  await expect(rows).toHaveCount(Math.min(count, 1000));
  // Every row of the list is in class A-Z.
  const classes = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[1]?.textContent ?? ''));
  expect(new Set(classes)).toEqual(new Set(['A-Z']));
  expect(await sideways(page)).toBeLessThanOrEqual(0);

  const first = rows.first().getByRole('link');
  const name = (await first.textContent())!.trim();
  await first.tap();
  await expect(page).toHaveURL(/\/clients\/[^/?]+$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('link', { name: /^A-Z, CV / })).toBeVisible();
  expect(await sideways(page)).toBeLessThanOrEqual(0);
});

test('a growth × share point: a tap shows its figures, a second tap opens its card', async ({ page }) => {
  await page.goto('/bcg');
  const points = page.getByTestId('bcg-point');
  await expect(points.first()).toBeAttached();
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  // The chart in the middle of the screen (not under the sticky header), then the topmost point a
  // tap reaches (one covered by a later-drawn neighbour would give the tap to the neighbour).
  await page.getByRole('img', { name: 'График «рост × доля»' }).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  let index = -1;
  for (let i = (await points.count()) - 1; i >= 0 && index < 0; i--) {
    if (await points.nth(i).tap({ trial: true, timeout: 300 }).then(() => true, () => false)) index = i;
  }
  expect(index).toBeGreaterThanOrEqual(0);
  const point = points.nth(index);
  const key = (await point.getAttribute('data-key'))!;
  expect(key).toMatch(/^client:/);
  await expect(page.getByTestId('bcg-selected')).toHaveCount(0);
  await point.tap();
  const panel = page.getByTestId('bcg-selected');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('Квадрант');
  await expect(panel).toContainText('Доля');
  const name = (await panel.locator('div').first().textContent())!.trim();
  await page.getByTestId('bcg-point').and(page.locator(`[data-key="${key}"]`)).tap();
  await expect(page).toHaveURL(`/clients/${encodeURIComponent(key.slice('client:'.length))}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});

test('ABC/XYZ, transitions and growth × share fit 1024×768 without horizontal scroll', async ({ page }) => {
  for (const url of ['/abc-xyz', '/abc-xyz?cell=A', '/abc-xyz?cell=-X', '/abc-xyz/transitions', '/bcg', '/bcg?by=team', '/clients?abc=A&xyz=Z']) {
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await sideways(page), url).toBeLessThanOrEqual(0);
  }
});
