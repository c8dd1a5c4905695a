// Screenshots of a running app at desktop, tablet (1024×768) and phone (390×844), for looking at
// what was built. Usage: npm run screenshots -- [--url http://localhost:3000] [--out tmp/shots]
//   [--login head --password demo-2026] [--pages /payments,/clients,/loads]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    out: { type: 'string', default: 'tmp/shots' },
    login: { type: 'string', default: 'head' },
    password: { type: 'string', default: 'demo-2026' },
    pages: { type: 'string', default: '/login,/payments,/clients,/loads' },
  },
});
const sizes = { desktop: { width: 1440, height: 900 }, tablet: { width: 1024, height: 768 }, phone: { width: 390, height: 844 } };

async function main(): Promise<void> {
  fs.mkdirSync(values.out!, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  for (const [name, viewport] of Object.entries(sizes)) {
    const ctx = await browser.newContext({ viewport, locale: 'ru-RU', timezoneId: 'Europe/Moscow', hasTouch: name !== 'desktop', isMobile: name === 'phone' });
    const page = await ctx.newPage();
    await page.goto(`${values.url}/login`);
    await page.screenshot({ path: path.join(values.out!, `login-${name}.png`) });
    await page.getByLabel('Логин').fill(values.login!);
    await page.getByLabel('Пароль').fill(values.password!);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    for (const p of values.pages!.split(',').filter((x) => x !== '/login')) {
      await page.goto(`${values.url}${p}`);
      await page.waitForLoadState('networkidle');
      const file = path.join(values.out!, `${p.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'home'}-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      process.stdout.write(`${file}\n`);
    }
    await ctx.close();
  }
  await browser.close();
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
