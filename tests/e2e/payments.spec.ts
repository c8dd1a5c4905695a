// The Оплаты board as a sales head uses it (issue 3): sign-in lands on it, a team opens in one more
// click, yesterday's as-of date changes Δ, CSV exports the rows shown, a client name opens the card;
// a specialist sees only their own clients' figures.
import fs from 'node:fs';
import { test, expect, type Page } from './test';
import { readFixture, stateFile } from './fixture';

const fx = readFixture();

async function tableLinks(page: Page): Promise<string[]> {
  return page.locator('section[aria-labelledby="table-h"] tbody a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
}

test.describe('head', () => {
  test.use({ storageState: stateFile('head') });

  test('month %, a team in one click, yesterday changes Δ, CSV, a client card', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/payments$/);
    await expect(page.getByRole('heading', { name: 'Оплаты', level: 1 })).toBeVisible();
    const pct = page.getByTestId('month-pct');
    await expect(pct).toHaveText(/^\d{1,3},\d\u00a0%$/);
    const delta = await page.getByTestId('month-delta').innerText();

    // One click: a team row opens its specialists.
    const team = page.locator('section[aria-labelledby="table-h"] tbody a').first();
    const teamName = await team.innerText();
    await team.click();
    await expect(page).toHaveURL(/by=specialist/);
    await expect(page).toHaveURL(/team=/);
    await expect(page.getByRole('navigation', { name: 'Кто сколько оплатил' })).toContainText(teamName);
    await expect(page.locator('section[aria-labelledby="table-h"] tfoot')).toContainText(teamName);

    // Yesterday: the date is kept in the URL and Δ is that day's.
    await page.goto('/payments');
    await page.getByLabel('На дату').fill('2026-11-19');
    // Показать submits the GET form whether or not the page has hydrated (onChange needs JavaScript).
    await page.getByRole('button', { name: 'Показать' }).click();
    await expect(page).toHaveURL(/asOf=2026-11-19/);
    await expect(page.getByText('на дату 19.11.2026')).toBeVisible();
    await expect(page.getByTestId('month-delta')).not.toHaveText(delta);

    // CSV of exactly the rows shown (plus the total line), in Russian Excel's dialect.
    const shown = await page.locator('section[aria-labelledby="table-h"] tbody tr').count();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Скачать CSV' }).first().click()]);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    const lines = text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Название;Начислено;Оплачено;% оплат;Δ за день;Осталось;Прогноз');
    expect(lines).toHaveLength(shown + 2);
    expect(download.suggestedFilename()).toMatch(/^oplaty-2026-11-2026-11-19-team\.csv$/);

    // Down to a specialist, then a client name opens the client card.
    await page.goto('/payments?by=specialist');
    await page.locator('section[aria-labelledby="table-h"] tbody a').first().click();
    await expect(page).toHaveURL(/by=client/);
    const client = page.locator('section[aria-labelledby="table-h"] tbody a').first();
    const clientName = await client.innerText();
    await client.click();
    await expect(page).toHaveURL(/\/clients\/[^/?]+$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(clientName);
  });

  test('Должники and Акты open from the tabs with the date kept', async ({ page }) => {
    await page.goto('/payments?asOf=2026-11-19');
    await page.getByRole('link', { name: 'Должники' }).click();
    await expect(page).toHaveURL(/\/payments\/debtors\?.*asOf=2026-11-19/);
    await expect(page.getByRole('heading', { name: 'Должники', level: 1 })).toBeVisible();
    const debtor = page.locator('tbody a[href^="/clients/"]').first();
    await expect(debtor).toBeVisible();
    await page.getByRole('link', { name: 'Акты' }).click();
    await expect(page).toHaveURL(/\/payments\/acts\?.*asOf=2026-11-19/);
    await expect(page.getByTestId('acts-total')).toHaveText(/^\d[\d\u00a0]*$/);
  });

  test('Должники: a long list says how many of how many are shown, and the link shows more', async ({ page }) => {
    await page.goto('/payments/debtors?by=client&limit=2');
    await expect(page.locator('tbody a[href^="/clients/"]')).toHaveCount(2);
    const note = page.getByTestId('debtors-shown');
    await expect(note).toContainText(/Показаны 2 из \d+/);
    const n = Number((await note.innerText()).match(/из ([\d\u00a0]+)/)![1].replace(/\D/g, ''));
    expect(n).toBeGreaterThan(2);
    await note.getByRole('link').click();
    await expect(page).toHaveURL(/limit=\d+/);
    await expect(page.locator('tbody a[href^="/clients/"]')).toHaveCount(n);
    await expect(page.getByTestId('debtors-shown')).toHaveCount(0);
    // A bad limit falls back to the default page.
    expect((await page.goto('/payments/debtors?limit=-3'))?.status()).toBe(200);
  });

  test('a bad URL falls back to defaults, never an error page', async ({ page }) => {
    const r = await page.goto('/payments?period=2026-13&asOf=2026-02-30&by=nope&span=year');
    expect(r?.status()).toBe(200);
    await expect(page.getByTestId('month-pct')).toBeVisible();
  });
});

test.describe('specialist', () => {
  test.use({ storageState: stateFile('spec-a') });

  test("sees only their own clients' figures", async ({ page }) => {
    await page.goto('/payments');
    const links = await tableLinks(page);
    expect(links.length).toBeGreaterThan(0);
    const mine = new Set(fx.clientIdsOfA.map((id) => `/clients/${encodeURIComponent(id)}`));
    for (const href of links) expect(mine.has(href), href).toBe(true);
    // Another specialist's team filter shows nothing of theirs either.
    await page.goto('/payments/debtors?by=client');
    for (const href of await page.locator('tbody a[href^="/clients/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      expect(mine.has(href), href).toBe(true);
    }
  });
});
