// A specialist on a phone (390×844): signs in, reaches own clients through the collapsed menu.
import { test, expect } from './test';
import { E2E_PASSWORD, readFixture } from './fixture';

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
