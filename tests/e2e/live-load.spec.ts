// New extracts while the app runs (issues 2 and 8). Runs after every other project: it changes
// the data. In order: `npm run load` hands an extract to the app (which holds the warehouse
// file); the app's own inbox watcher loads an extract dropped into the inbox and the open payments
// page changes in place, without a reload; a half-copied extract (no manifest yet) changes nothing;
// a rejected one raises the heads' alert and the figures stay.
import { test, expect } from './test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeExtract } from '../unit/load/build-extract';
import { E2E_DIR, readFixture, stateFile } from './fixture';

const fx = readFixture();
const root = path.resolve(E2E_DIR);
const env = { ...process.env, DATA_DIR: root };
const inbox = path.join(root, 'inbox');

test.use({ storageState: stateFile('head') });
test.describe.configure({ mode: 'serial' });

test('npm run load while the app runs: the held extract is applied by the app and shows up', async ({ page }) => {
  // From a folder of its own: the app's watcher looks at the inbox, and this checks the CLI path.
  const handover = path.join(root, 'handover');
  fs.mkdirSync(handover, { recursive: true });
  fs.renameSync(path.join(root, 'held', fx.heldExtract), path.join(handover, fx.heldExtract));
  const out = execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/load.ts', '--inbox', handover], { env, encoding: 'utf8', timeout: 120_000 });
  expect(out).toContain(fx.heldExtract);
  expect(out).not.toMatch(/lock/i);
  expect(fs.existsSync(path.join(root, 'archive', fx.heldExtract))).toBe(true);
  await page.goto('/loads');
  await expect(page.getByText(fx.heldExtract).first()).toBeVisible();
  const asOf = fx.heldExtract.slice(0, 10).split('-').reverse().join('.');
  await expect(page.getByText(`данные на ${asOf}`)).toBeVisible();
});

test('an extract dropped into the inbox reaches the open payments page without a reload', async ({ page }) => {
  await page.goto('/payments?by=team');
  const pct = page.getByTestId('month-pct');
  await expect(pct).toHaveText(/%$/);
  const before = await pct.innerText();
  // Marks this document: a reload would lose it.
  await page.evaluate(() => { (window as unknown as { __sameDocument: boolean }).__sameDocument = true; });
  await page.waitForTimeout(500); // the event stream is open once the page has hydrated

  // A half-copied extract (no manifest yet) changes nothing, however long it waits.
  const inv = fx.openInvoice;
  const payment = { payment_id: 'PAY-E2E-LIVE-1', invoice_id: inv.id, client_id: inv.clientId, paid_on: '2026-11-20', posted_at: '2026-11-20T13:05:00', amount: inv.amount.toFixed(2) };
  writeExtract(inbox, '2026-11-20T13-30', { asOf: '2026-11-20', files: [{ table: 'payments', mode: 'delta', rows: [{ ...payment, payment_id: 'PAY-E2E-HALF' }] }], manifest: false });
  await page.waitForTimeout(6000);
  await expect(pct).toHaveText(before);
  expect(fs.existsSync(path.join(inbox, '2026-11-20T13-30'))).toBe(true);

  // The complete one: the watcher loads it, the page refreshes in place within 10 s.
  const dropped = Date.now();
  writeExtract(inbox, '2026-11-20T14-00', { asOf: '2026-11-20', files: [{ table: 'payments', mode: 'delta', rows: [payment] }] });
  await expect(pct).not.toHaveText(before, { timeout: 10_000 });
  expect(Date.now() - dropped).toBeLessThan(10_000);
  await expect(page.getByTestId('live-notice')).toContainText('+1 оплата');
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await expect(page).toHaveURL(/by=team/);
});

test('a rejected extract shows the heads their alert with the report, and the figures stay', async ({ page }) => {
  await page.goto('/payments');
  const pct = page.getByTestId('month-pct');
  const before = await pct.innerText();
  await page.waitForTimeout(500);
  writeExtract(inbox, '2026-11-20T15-00', { asOf: '2026-11-20', files: [{ table: 'payments', mode: 'delta', content: 'payment_id,invoice_id\nPAY-BAD\n', manifestRows: 1 }] });
  const alert = page.getByTestId('load-problem');
  await expect(alert).toContainText('Выгрузка 2026-11-20T15-00 отклонена', { timeout: 10_000 });
  await expect(alert).toContainText('payments.csv');
  await expect(pct).toHaveText(before);
  // Still there after a reload (from the load journal), and the report opens.
  await page.reload();
  await expect(page.getByTestId('load-problem')).toBeVisible();
  await page.getByTestId('load-problem').getByRole('link', { name: 'Отчёт о загрузке' }).click();
  await expect(page).toHaveURL(/\/loads\/\d+/);
  await expect(page.getByText('2026-11-20T15-00').first()).toBeVisible();
});
