// Загрузки, and the CLIs handing their work to the running app (it holds the warehouse file).
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { E2E_DIR, readFixture } from './fixture';
import { stateFile } from './auth.setup';

const fx = readFixture();
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

test('npm run users works while the app runs (handed to the app, no lock error)', async () => {
  const out = tsx('scripts/users.ts', ['list']);
  expect(out).toContain('spec-a');
  expect(out).not.toMatch(/lock/i);
});

test('npm run load while the app runs: the held extract is applied by the app and shows up', async ({ page }) => {
  const held = path.join(path.resolve(E2E_DIR), 'held', fx.heldExtract);
  fs.renameSync(held, path.join(path.resolve(E2E_DIR), 'inbox', fx.heldExtract));
  const out = tsx('scripts/load.ts', []);
  expect(out).toContain(fx.heldExtract);
  expect(out).not.toMatch(/lock/i);
  expect(fs.existsSync(path.join(path.resolve(E2E_DIR), 'archive', fx.heldExtract))).toBe(true);
  await page.goto('/loads');
  await expect(page.getByText(fx.heldExtract).first()).toBeVisible();
  const asOf = fx.heldExtract.slice(0, 10).split('-').reverse().join('.');
  await expect(page.getByText(`данные на ${asOf}`)).toBeVisible();
});
