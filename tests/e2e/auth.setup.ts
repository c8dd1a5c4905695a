// Signs in once per role through the real sign-in page and saves each session for the specs.
import { test as setup, expect } from './test';
import { E2E_PASSWORD, roleLogins, stateFile } from './fixture';


for (const login of roleLogins) {
  setup(`sign in as ${login}`, async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Логин').fill(login);
    await page.getByLabel('Пароль').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect(page).not.toHaveURL(/\/login/);
    await page.context().storageState({ path: stateFile(login) });
  });
}
