// Issue 5 on a phone (390×844): a specialist signs in, lands on Мой день, opens the first contact's
// preparation checklist, sees the sections of its type in the order metrics.md gives, ticks two items,
// reloads and still sees them ticked; switching the contact type reorders the sections.
import { test, expect, type Page } from './test';
import { sectionsByType, type ContactType } from '../../lib/prep/contact-types';
import { t } from '../../lib/i18n/ru';
import { E2E_PASSWORD } from './fixture';

const headingsOf = (type: ContactType) => sectionsByType[type].map((k) => t.prep.sections[k]);
const sectionHeadings = (page: Page) => page.getByRole('main').getByRole('heading', { level: 2 }).allTextContents();
const isTick = (r: { url(): string; request(): { method(): string } }, method: string) =>
  r.url().includes('/preparation') && r.request().method() === method;

test('a specialist prepares the first contact of Мой день on a phone: sections by type, ticks kept, type switch reorders', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Логин').fill('spec-a');
  await page.getByLabel('Пароль').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/my-day/);
  await expect(page.getByRole('heading', { level: 1, name: 'Мой день' })).toBeVisible();

  // The first row of the day, whichever list it is in, opens its checklist in one tap.
  const first = page.getByRole('link', { name: /^Подготовиться/ }).first();
  await expect(first).toBeVisible();
  await first.tap();
  await expect(page).toHaveURL(/\/clients\/[^/]+\/prepare/);
  await expect(page.getByRole('heading', { level: 1, name: 'Подготовка к контакту' })).toBeVisible();

  // The suggested type is preselected (with its reason) and the sections follow its order.
  const select = page.getByLabel('Тип контакта');
  const type = (await select.inputValue()) as ContactType;
  expect(Object.keys(sectionsByType)).toContain(type);
  await expect(page.getByText(/^Предлагаем:/)).toBeVisible();
  await expect.poll(() => sectionHeadings(page)).toEqual(headingsOf(type));

  // Tick two items; each tick is saved at once.
  const boxes = page.getByRole('checkbox', { name: /^Просмотрено/ });
  expect(await boxes.count()).toBeGreaterThanOrEqual(2);
  await expect(boxes.first()).toBeEnabled();
  const firstKey = await boxes.nth(0).getAttribute('data-item');
  const secondKey = await boxes.nth(1).getAttribute('data-item');
  for (const box of [boxes.nth(0), boxes.nth(1)]) {
    const saved = page.waitForResponse((r) => isTick(r, 'POST'));
    await box.tap();
    expect((await saved).status()).toBe(200);
    await expect(box).toBeChecked();
  }
  await expect(page.getByRole('status').filter({ hasText: /^Просмотрено 2 из \d+$/ })).toBeVisible();

  // Reloaded, both are still ticked.
  await page.reload();
  await expect(page.locator(`input[data-item="${firstKey}"]`)).toBeChecked();
  await expect(page.locator(`input[data-item="${secondKey}"]`)).toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: /^Просмотрено 2 из \d+$/ })).toBeVisible();
  expect(await page.getByRole('checkbox', { name: /^Просмотрено/, checked: true }).count()).toBe(2);

  // Another type: its sections, in its order (payment_delay leads with payments, low_usage with usage).
  const other: ContactType = sectionsByType[type][0] === 'payments' ? 'low_usage' : 'payment_delay';
  await expect(select).toBeEnabled();
  await select.selectOption(other);
  await expect(page).toHaveURL(new RegExp(`type=${other}`));
  await expect(page.getByLabel('Тип контакта')).toHaveValue(other);
  await expect.poll(() => sectionHeadings(page)).toEqual(headingsOf(other));
  expect(headingsOf(other)[0]).not.toBe(headingsOf(type)[0]);

  // Nothing wider than the phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
