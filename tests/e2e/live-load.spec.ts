// A new extract arrives while the app runs: `npm run load` hands it to the app (which holds the
// warehouse file), and the pages show it. Runs after every other project: it changes the data.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { E2E_DIR, readFixture, stateFile } from './fixture';

const fx = readFixture();
const env = { ...process.env, DATA_DIR: path.resolve(E2E_DIR) };

test.use({ storageState: stateFile('head') });

test('npm run load while the app runs: the held extract is applied by the app and shows up', async ({ page }) => {
  const held = path.join(path.resolve(E2E_DIR), 'held', fx.heldExtract);
  fs.renameSync(held, path.join(path.resolve(E2E_DIR), 'inbox', fx.heldExtract));
  const out = execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/load.ts'], { env, encoding: 'utf8', timeout: 120_000 });
  expect(out).toContain(fx.heldExtract);
  expect(out).not.toMatch(/lock/i);
  expect(fs.existsSync(path.join(path.resolve(E2E_DIR), 'archive', fx.heldExtract))).toBe(true);
  await page.goto('/loads');
  await expect(page.getByText(fx.heldExtract).first()).toBeVisible();
  const asOf = fx.heldExtract.slice(0, 10).split('-').reverse().join('.');
  await expect(page.getByText(`данные на ${asOf}`)).toBeVisible();
});
