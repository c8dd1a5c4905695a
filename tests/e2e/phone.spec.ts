// A specialist on a phone (390×844): signs in, reaches own clients through the collapsed menu.
import { test, expect } from './test';
import { E2E_PASSWORD, readFixture, stateFile } from './fixture';

test('specialist signs in on a phone, opens Клиенты from the menu and an own client card', async ({ page }) => {
  const fx = readFixture();
  await page.goto('/login');
  await page.getByLabel('Логин').fill('spec-a');
  await page.getByLabel('Пароль').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/my-day/);
  await page.getByRole('button', { name: 'Меню' }).tap();
  await page.getByRole('navigation').getByRole('link', { name: 'Клиенты' }).tap();
  await expect(page).toHaveURL(/\/clients/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.goto(`/clients/${encodeURIComponent(fx.clientIdsOfA[0])}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test.describe('an executive on a phone', () => {
  test.use({ storageState: stateFile('exec') });

  test('Оплаты by client as cards: pages of 50, a sort control, «Показать ещё»', async ({ page }) => {
    await page.goto('/payments?by=client');
    const cards = page.locator('section[aria-labelledby="table-h"] .table tbody tr');
    const total = await cards.count();
    expect(total, 'more than one page of clients in the e2e company').toBeGreaterThan(50);
    const visible = () => cards.evaluateAll((trs) => trs.filter((tr) => tr.getBoundingClientRect().height > 0).length);
    // Polled: the cards are laid out (and the first page shown) once the page has hydrated.
    await expect.poll(visible).toBe(50);
    const left = (i: number) => cards.nth(i).locator('td[data-label="Осталось"]').textContent().then((s) => Number(s!.replace(/[^\d,−-]/g, '').replace('−', '-').replace(',', '.')));
    const sort = page.locator('section[aria-labelledby="table-h"]').getByLabel('Порядок');
    // Chosen again until it holds: a choice made before the page hydrates is reset by React.
    await expect(async () => {
      await sort.selectOption({ label: 'Осталось: по возрастанию' });
      const v = [await left(0), await left(1), await left(49)];
      expect(v[0] <= v[1] && v[1] <= v[2], `sorted ascending: ${v.join(', ')}`).toBe(true);
    }).toPass({ timeout: 10_000 });
    await sort.selectOption({ label: 'Осталось: по убыванию' });
    // Descending, the largest remainder comes first (the ascending check alone holds for all zeros).
    await expect.poll(async () => {
      const d = [await left(0), await left(1), await left(49)];
      return d[0] >= d[1] && d[1] >= d[2] && d[0] > 0;
    }).toBe(true);
    await page.getByRole('button', { name: /^Показать ещё/ }).tap();
    await expect.poll(visible).toBe(Math.min(100, total));
  });
});
