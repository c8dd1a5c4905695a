// «Кому позвонить» (issue 20): a head opens the tab, the first row (most roubles at risk) leads to
// the client card, and its «Подготовиться» to the payment-delay preparation; the API answers the
// documented shape, in the caller's scope, ranked by roubles at risk, and refuses a bad limit.
import { test, expect } from './test';
import { readFixture, stateFile } from './fixture';

test.use({ storageState: stateFile('head') });
const fx = readFixture();
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

interface CallsBody {
  needed: { toPace: number; to20th: number };
  totals: { invoices: number; open: number; atRisk: number };
  rows: Array<{ invoiceId: string; clientId: string; clientName: string; specialistName: string | null; amount: number; open: number; dueOn: string; daysLate: number; probability: number; atRisk: number }>;
}

test('a row of «Кому позвонить» opens the client card and its payment-delay preparation', async ({ page }) => {
  await page.goto('/payments/calls');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Кому позвонить');
  await expect(page.getByTestId('calls-to-pace')).toBeVisible();
  const first = page.locator('table tbody tr').first();
  const client = first.locator('td').first().locator('a');
  const name = (await client.innerText()).trim();
  expect(name.length).toBeGreaterThan(0);
  const prepHref = await first.getByRole('link', { name: 'Подготовиться' }).getAttribute('href');
  expect(prepHref).toMatch(/^\/clients\/[^/]+\/prepare\?type=payment_delay/);

  await client.click();
  await expect(page).toHaveURL(/\/clients\/[^/?]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);

  await page.goBack();
  await page.locator('table tbody tr').first().getByRole('link', { name: 'Подготовиться' }).click();
  await expect(page).toHaveURL(/\/prepare\?type=payment_delay/);
  await expect(page.locator('select, [role="combobox"]').first()).toBeVisible();
  await expect(page.getByText(name).first()).toBeVisible();
});

test('GET /api/v1/payments/calls: ranked by roubles at risk, scoped, 400 on a bad limit', async ({ request }) => {
  const res = await request.get('/api/v1/payments/calls?limit=20', { headers: auth(fx.apiKeyExec) });
  expect(res.status(), await res.text()).toBe(200);
  const body = (await res.json()) as CallsBody;
  expect(body.rows.length).toBeGreaterThan(0);
  expect(body.rows.length).toBeLessThanOrEqual(20);
  expect(body.totals.invoices).toBeGreaterThanOrEqual(body.rows.length);
  expect(body.needed.toPace).toBeGreaterThanOrEqual(0);
  for (const [i, r] of body.rows.entries()) {
    expect(r.probability).toBeGreaterThanOrEqual(0);
    expect(r.probability).toBeLessThanOrEqual(1);
    expect(r.atRisk).toBeCloseTo(r.open * (1 - r.probability), 6);
    if (i > 0) expect(r.atRisk).toBeLessThanOrEqual(body.rows[i - 1].atRisk + 1e-9);
  }
  // Specialist A sees only own clients' invoices: a subset of the company's.
  const mine = (await (await request.get('/api/v1/payments/calls?limit=500', { headers: auth(fx.apiKeySpecA) })).json()) as CallsBody;
  const all = (await (await request.get('/api/v1/payments/calls?limit=500', { headers: auth(fx.apiKeyExec) })).json()) as CallsBody;
  expect(mine.totals.invoices).toBeLessThan(all.totals.invoices);
  const allIds = new Set(all.rows.map((r) => r.invoiceId));
  if (all.totals.invoices <= 500) for (const r of mine.rows) expect(allIds.has(r.invoiceId)).toBe(true);

  for (const bad of ['0', '501', 'x']) {
    const r = await request.get(`/api/v1/payments/calls?limit=${bad}`, { headers: auth(fx.apiKeyExec) });
    expect(r.status()).toBe(400);
  }
  const csv = await request.get('/api/v1/payments/calls?format=csv', { headers: auth(fx.apiKeyExec) });
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain('Под риском');
});
