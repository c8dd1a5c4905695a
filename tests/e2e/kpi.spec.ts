// Показатели as a sales head uses it (issue 6): the six controls and sales results, the ranking of
// specialists sorted by agreements kept, the worst one's overdue agreements, and one of them
// followed to its client card; every number's rows agree with it; the API answers and refuses.
import { test, expect } from './test';
import { readFixture, stateFile } from './fixture';

const fx = readFixture();

test.describe('head', () => {
  test.use({ storageState: stateFile('head') });

  test('sorts specialists by agreements kept, opens the worst one\'s overdue agreements, follows one to the client card', async ({ page }) => {
    await page.goto('/kpi');
    await expect(page.getByRole('heading', { name: 'Показатели', level: 1 })).toBeVisible();
    await expect(page.getByTestId('kpi-tile-agreements')).toContainText('%');
    await expect(page.getByTestId('kpi-formula')).toContainText('среднее шести контролей');

    // The ranking of specialists.
    await page.getByRole('combobox', { name: 'Рейтинг' }).selectOption('specialist');
    await page.getByRole('button', { name: 'Показать' }).click();
    await expect(page).toHaveURL(/by=specialist/);
    const ranking = page.getByTestId('kpi-ranking');
    await expect(ranking.getByTestId('kpi-median')).toBeVisible();

    // Sort by agreements kept until the worst is on top (the first tap on a number sorts high to low).
    const header = ranking.getByRole('columnheader', { name: /Договорён.*в срок/ });
    for (let i = 0; i < 2 && (await header.getAttribute('aria-sort')) !== 'ascending'; i++) await header.getByRole('button').click();
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    const rows = ranking.getByTestId('kpi-row');
    const values = await rows.locator('td[data-metric="agreements"] > span > span:first-child').evaluateAll((els) =>
      els.map((e) => e.textContent ?? '').filter((t) => /%/.test(t)).map((t) => Number(t.replace(/[^\d,]/g, '').replace(',', '.'))));
    expect(values.length).toBeGreaterThan(1);
    expect(values).toEqual([...values].sort((a, b) => a - b));

    // The worst specialist's overdue agreements.
    const worst = rows.first();
    const name = (await worst.locator('td').first().locator('a').innerText()).trim();
    const overdue = worst.locator('td[data-metric="agreements"]').getByRole('link', { name: /просрочено \d+/ });
    const n = Number((await overdue.innerText()).replace(/\D/g, ''));
    expect(n).toBeGreaterThan(0);
    await overdue.click();
    await expect(page).toHaveURL(/\/kpi\/rows\?.*control=agreements-overdue/);
    await expect(page.getByRole('heading', { name: 'Просроченные открытые договорённости', level: 1 })).toBeVisible();
    await expect(page.getByText(name).first()).toBeVisible();
    // The list has as many rows as the number said.
    await expect(page.getByTestId('kpi-figure')).toHaveText(`Всего: ${n}`);
    await expect(page.getByTestId('kpi-rows').locator('tbody tr')).toHaveCount(n);

    // One of them, to its client card.
    const client = page.getByTestId('kpi-rows').locator('tbody tr').first().getByRole('link').first();
    const clientName = (await client.innerText()).trim();
    await client.click();
    await expect(page).toHaveURL(/\/clients\/[^/?]+/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(clientName);
  });

  test('every control tile opens rows that add up to its numerator and denominator', async ({ page }) => {
    await page.goto('/kpi');
    for (const c of ['calls', 'entry', 'agreements', 'feedback']) {
      const tile = page.getByTestId(`kpi-tile-${c}`);
      const [num, den] = (await tile.getByRole('link', { name: / из / }).first().innerText()).split(' из ').map((x) => Number(x.replace(/\D/g, '')));
      await tile.getByRole('link', { name: / из / }).first().click();
      await expect(page).toHaveURL(new RegExp(`control=${c}`));
      const fmt = (v: number) => v.toLocaleString('ru-RU').replace(/\s/g, '\u00a0');
      await expect(page.getByTestId('kpi-figure')).toContainText(`${fmt(num)} из ${fmt(den)}`);
      await page.goBack();
    }
  });

  test('a team narrows the ranking to its specialists; the Нагрузка tab keeps the team', async ({ page }) => {
    await page.goto('/kpi');
    const team = page.getByTestId('kpi-ranking').getByTestId('kpi-row').first().locator('td').first().getByRole('link');
    const teamName = (await team.innerText()).trim();
    await team.click();
    await expect(page).toHaveURL(/team=/);
    await expect(page.getByTestId('kpi-median')).toContainText('Медиана отдела');
    await expect(page.getByRole('navigation', { name: 'Вся компания' })).toContainText(teamName);
    await page.getByRole('link', { name: 'Нагрузка' }).click();
    await expect(page).toHaveURL(/\/kpi\/load\?.*team=/);
    await expect(page.getByRole('heading', { name: 'Нагрузка', level: 1 })).toBeVisible();
  });

  test('bad parameters fall back on the page', async ({ page }) => {
    const r = await page.goto('/kpi?period=2026-13&asOf=вчера&by=client&view=x');
    expect(r?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'Показатели', level: 1 })).toBeVisible();
    const rows = await page.goto('/kpi/rows?control=nonsense&status=x&limit=-1');
    expect(rows?.status()).toBe(200);
  });
});

test.describe('API', () => {
  test('answers the ranking and the rows in scope, refuses bad parameters with 400', async ({ request }) => {
    const auth = { Authorization: `Bearer ${fx.apiKeyExec}` };
    const k = await request.get('/api/v1/kpi?by=specialist', { headers: auth });
    expect(k.status()).toBe(200);
    const body = await k.json();
    expect(body.by).toBe('specialist');
    expect(body.period).toBe('2026-11');
    expect(body.rows.length).toBeGreaterThan(1);
    const first = body.rows.find((r: { id: string | null }) => r.id !== null);
    for (const c of ['calls', 'entry', 'completeness', 'agreements', 'feedback', 'reaction']) {
      expect(first.controls[c]).toHaveProperty('numerator');
      expect(first.controls[c]).toHaveProperty('denominator');
    }
    // The rows behind one figure add up to it.
    const rows = await request.get(`/api/v1/kpi/agreements/rows?specialist=${encodeURIComponent(first.id)}&limit=10000`, { headers: auth });
    expect(rows.status()).toBe(200);
    const r = await rows.json();
    expect(r.counts.numerator).toBe(first.controls.agreements.numerator);
    expect(r.counts.denominator).toBe(first.controls.agreements.denominator);
    const csv = await request.get(`/api/v1/kpi/agreements-overdue/rows?specialist=${encodeURIComponent(first.id)}&format=csv`, { headers: auth });
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect((await csv.text()).split('\r\n')[0]).toContain('Клиент;Специалист;Отдел');

    for (const bad of ['/api/v1/kpi?period=2026-13', '/api/v1/kpi?by=client', '/api/v1/kpi?asOf=2026-02-30',
      '/api/v1/kpi/nonsense/rows', '/api/v1/kpi/calls/rows?status=late', '/api/v1/kpi/calls/rows?limit=0', '/api/v1/kpi/calls/rows?format=xml']) {
      expect((await request.get(bad, { headers: auth })).status(), bad).toBe(400);
    }
    expect((await request.get('/api/v1/kpi')).status()).toBe(401);
  });

  test('a specialist sees their own clients\' rows only', async ({ request }) => {
    const auth = { Authorization: `Bearer ${fx.apiKeySpecA}` };
    const r = await request.get('/api/v1/kpi/calls/rows?period=2026-Q4&limit=10000', { headers: auth });
    expect(r.status()).toBe(200);
    const body = await r.json();
    expect(body.rows.length).toBeGreaterThan(0);
    for (const row of body.rows) expect(fx.clientIdsOfA).toContain(row.clientId);
  });
});
