// Sign-in, sign-out and the signed-in shell.
import { test, expect } from './test';
import { E2E_PASSWORD } from './fixture';

test('a page without a session redirects to the Russian sign-in page', async ({ page }) => {
  await page.goto('/loads');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'Войти' })).toBeVisible();
});

test('a wrong password is refused with a Russian message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Логин').fill('head');
  await page.getByLabel('Пароль').fill('wrong-password');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByText(/неверн/i)).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('a head signs in, lands on Оплаты with the shell and as-of badge, and signs out', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Логин').fill('head');
  await page.getByLabel('Пароль').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/payments/);
  const nav = page.getByRole('navigation');
  for (const item of ['Оплаты', 'Клиенты', 'Мой день', 'Показатели', 'ABC/XYZ', 'BCG', 'Загрузки']) {
    await expect(nav.getByRole('link', { name: item })).toBeVisible();
  }
  await expect(page.getByText(/данные на \d{2}\.\d{2}\.\d{4}/)).toBeVisible();
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/clients');
  await expect(page).toHaveURL(/\/login/);
});

test('the API answers 401 without a session or key, and with a wrong key', async ({ request }) => {
  expect((await request.get('/api/v1/loads')).status()).toBe(401);
  expect((await request.get('/api/v1/clients', { headers: { authorization: 'Bearer sa_wrong' } })).status()).toBe(401);
});
