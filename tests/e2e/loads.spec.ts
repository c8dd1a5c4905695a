// Загрузки, and the CLIs next to the running app (load hands its work to it; users writes app.sqlite itself).
import { test, expect } from './test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { E2E_DIR, stateFile } from './fixture';

const env = { ...process.env, DATA_DIR: path.resolve(E2E_DIR) };
const tsx = (script: string, args: string[]) =>
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', script, ...args], { env, encoding: 'utf8', timeout: 120_000 });

test.use({ storageState: stateFile('head') });

test('the load log lists the applied extracts; the API twin agrees', async ({ page }) => {
  await page.goto('/loads');
  await expect(page.getByRole('heading', { name: 'Загрузки' })).toBeVisible();
  const api = await (await page.request.get('/api/v1/loads')).json();
  expect(api.rows.length).toBeGreaterThan(0);
  await expect(page.getByText(api.rows[0].extractId).first()).toBeVisible();
});

test('npm run users works while the app runs (it writes app.sqlite itself, no lock error)', async () => {
  const out = tsx('scripts/users.ts', ['list']);
  expect(out).toContain('spec-a');
  expect(out).not.toMatch(/lock/i);
});
