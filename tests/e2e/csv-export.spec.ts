// Formula injection in every CSV the browser downloads (OWASP CSV injection): scripts/e2e.ts gave
// six clients names starting with `=`, `+`, `-`, `@`, a tab and a CR (HOSTILE_CLIENT_NAMES), a
// specialist `+Специалист Б` and a team `@Отдел «Юг»`. In every export each of these comes out as
// text with a leading `'`, never as written, and no other cell is prefixed (numbers stay numbers).
import { test, expect, type Page } from './test';
import { downloadedCsv } from './csv';
import { readFixture, stateFile } from './fixture';

const fx = readFixture();
const h = fx.hostile;
const hostileNames = new Set([...Object.values(h.clients), h.specialistName, h.teamName]);

/** Clicks the CSV control and reads the file. */
async function download(page: Page, name: RegExp | string = 'Скачать CSV'): Promise<string[][]> {
  const control = page.getByRole('button', { name }).or(page.getByRole('link', { name })).first();
  await expect(control).toBeEnabled();
  const [file] = await Promise.all([page.waitForEvent('download'), control.click()]);
  return downloadedCsv(file);
}

/**
 * Every formula-like name in `rows` is prefixed and `required` are all there; a cell with a
 * leading `'` is one of those names (so no number or date was turned into text); every row has
 * the header's width; some plain numbers are there.
 */
function expectGuarded(rows: string[][], required: string[]): void {
  expect(required.length, 'names expected in this export').toBeGreaterThan(0);
  const cells = rows.flat();
  for (const c of cells) {
    expect(hostileNames.has(c), `written as is: ${JSON.stringify(c)}`).toBe(false);
    if (c.startsWith("'")) expect(hostileNames.has(c.slice(1)), `prefixed but not a formula-like name: ${JSON.stringify(c)}`).toBe(true);
  }
  for (const name of required) expect(cells, name).toContain(`'${name}`);
  for (const r of rows) expect(r.length, JSON.stringify(r)).toBe(rows[0].length);
  expect(cells.some((c) => /^-?\d+(,\d+)?$/.test(c))).toBe(true);
}

/** The formula-like client names among `ids`. */
const namesOf = (ids: Array<string | null>) => ids.flatMap((id) => (id && h.clients[id] !== undefined ? [h.clients[id]] : []));

test.use({ storageState: stateFile('head') });

test('Клиенты: the whole list\'s CSV', async ({ page }) => {
  await page.goto('/clients');
  await expect(page.getByRole('status').filter({ hasText: /^строк: / })).toHaveText(`строк: ${fx.clientIds.length.toLocaleString('ru-RU')}`, { timeout: 20_000 });
  expectGuarded(await download(page), Object.values(h.clients));
});

test('Оплаты by client: the payments table\'s CSV', async ({ page }) => {
  const api = await (await page.request.get('/api/v1/payments?by=client')).json();
  await page.goto('/payments?by=client');
  expectGuarded(await download(page), namesOf(api.rows.map((r: { id: string }) => r.id)));
});

test('Должники by client and ABC/XYZ, growth × share: the data tables\' CSV', async ({ page }) => {
  const debtors = await (await page.request.get('/api/v1/debtors?by=client&limit=100000')).json();
  await page.goto('/payments/debtors?by=client');
  expectGuarded(await download(page), namesOf(debtors.rows.map((r: { id: string }) => r.id)));

  // The ABC/XYZ cell of the first formula-named client with sales.
  const abc = await (await page.request.get('/api/v1/abc-xyz?limit=10000')).json();
  const hit = (abc.classes as Array<{ clientId: string; abc: string; xyz: string }>).find((c) => h.clients[c.clientId] !== undefined)!;
  expect(hit).toBeTruthy();
  await page.goto(`/abc-xyz?cell=${hit.abc}-${hit.xyz}`);
  const cell = await (await page.request.get(`/api/v1/abc-xyz?cell=${hit.abc}-${hit.xyz}&limit=1000`)).json();
  expectGuarded(await download(page), namesOf(cell.classes.map((c: { clientId: string }) => c.clientId)));

  const bcg = await (await page.request.get('/api/v1/bcg?by=client')).json();
  await page.goto('/bcg?by=client');
  expectGuarded(await download(page), namesOf(bcg.points.map((p: { id: string }) => p.id)));
});

test('Показатели: the ranking of specialists and Нагрузка', async ({ page }) => {
  const kpi = await (await page.request.get('/api/v1/kpi?by=specialist')).json();
  const rows = kpi.rows as Array<{ id: string | null; teamId: string | null }>;
  const required = [
    ...(rows.some((r) => r.id === h.specialistId) ? [h.specialistName] : []),
    ...(rows.some((r) => r.teamId === h.teamId) ? [h.teamName] : []),
  ];
  await page.goto('/kpi?by=specialist');
  expectGuarded(await download(page), required);
  await page.goto('/kpi/load');
  expectGuarded(await download(page), required);
});
