// The executive on a tablet (1024×768, touch): the shell fits without horizontal scroll.
import { test, expect } from './test';
import { stateFile } from './fixture';

test.use({ storageState: stateFile('exec') });

test('executive home, Оплаты and Загрузки fit the tablet without horizontal scroll', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/overview/);
  for (const url of ['/overview', '/loads', '/clients', '/payments', '/payments/debtors', '/payments/acts']) {
    await page.goto(url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, url).toBeLessThanOrEqual(0);
  }
});
