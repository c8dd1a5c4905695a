// A drill-down is a filter change (issue 19): after a click on a team and then a specialist, every
// filter control shows them (the form is remade with the URL, not left as it was), «Показать»
// keeps that scope, and the specialist's chip drops the specialist only. Оплаты and Показатели.
import { test, expect, type Page } from './test';
import { stateFile } from './fixture';

// An executive: every team is in the team list.
test.use({ storageState: stateFile('exec') });

/** The team id and specialist id in the page's URL. */
function urlScope(page: Page): { team: string | null; specialist: string | null } {
  const u = new URL(page.url());
  return { team: u.searchParams.get('team'), specialist: u.searchParams.get('specialist') };
}

test('Оплаты: team and specialist drilled to are what the filters show, and «Показать» keeps them', async ({ page }) => {
  await page.goto('/payments');
  const filters = page.getByRole('form', { name: 'Фильтры' });
  const table = page.locator('section[aria-labelledby="table-h"]');
  await expect(filters.locator('select[name="team"]')).toHaveValue('');

  const team = table.locator('tbody a').first();
  const teamName = (await team.innerText()).trim();
  await team.click();
  await expect(page).toHaveURL(/team=.*by=specialist|by=specialist.*team=/);
  const { team: teamId } = urlScope(page);
  expect(teamId).toBeTruthy();
  await expect(filters.locator('select[name="team"]')).toHaveValue(teamId!);
  await expect(filters.locator('select[name="by"]')).toHaveValue('specialist');

  const spec = table.locator('tbody a').first();
  const specName = (await spec.innerText()).trim();
  await spec.click();
  await expect(page).toHaveURL(/specialist=/);
  const { specialist: specId } = urlScope(page);
  await expect(filters.locator('select[name="team"]')).toHaveValue(teamId!);
  await expect(filters.locator('select[name="by"]')).toHaveValue('client');
  await expect(filters.getByTestId('filter-specialist')).toHaveAttribute('title', specName);
  const crumbs = page.getByRole('navigation', { name: 'Кто сколько оплатил' });
  await expect(crumbs).toContainText(teamName);
  await expect(crumbs).toContainText(specName);
  const totals = (await table.locator('tfoot').textContent()) ?? '';
  expect(totals).toMatch(/₽/);

  // «Показать»: the same scope and the same figures, not the company's.
  await filters.getByRole('button', { name: 'Показать' }).click();
  await expect(page).toHaveURL(new RegExp(`specialist=${encodeURIComponent(specId!)}`));
  expect(urlScope(page)).toEqual({ team: teamId, specialist: specId });
  await expect(filters.getByTestId('filter-specialist')).toHaveAttribute('title', specName);
  await expect(crumbs).toContainText(specName);
  await expect(table.locator('tfoot')).toHaveText(totals);

  // The chip's × drops the specialist and keeps the team.
  await filters.getByRole('link', { name: `Убрать фильтр по специалисту ${specName}` }).click();
  await expect(page).not.toHaveURL(/specialist=/);
  expect(urlScope(page).team).toBe(teamId);
  await expect(filters.getByTestId('filter-specialist')).toHaveCount(0);
  await expect(filters.locator('select[name="team"]')).toHaveValue(teamId!);

  // The crumb back to the whole company: the controls follow again.
  await crumbs.getByRole('link').first().click();
  await expect(page).not.toHaveURL(/team=/);
  await expect(filters.locator('select[name="team"]')).toHaveValue('');
  await expect(filters.locator('select[name="by"]')).toHaveValue('team');
});

test('Показатели: team and specialist drilled to are what the filters show, and «Показать» keeps them', async ({ page }) => {
  await page.goto('/kpi');
  const filters = page.getByRole('form', { name: 'Фильтры' });
  const ranking = page.getByTestId('kpi-ranking');
  const team = ranking.getByTestId('kpi-row').first().locator('td').first().getByRole('link');
  const teamName = (await team.innerText()).trim();
  await team.click();
  await expect(page).toHaveURL(/team=/);
  const { team: teamId } = urlScope(page);
  await expect(filters.locator('select[name="team"]')).toHaveValue(teamId!);

  const spec = ranking.getByTestId('kpi-row').first().locator('td').first().getByRole('link');
  const specName = (await spec.innerText()).trim();
  await spec.click();
  await expect(page).toHaveURL(/specialist=/);
  const { specialist: specId } = urlScope(page);
  await expect(filters.locator('select[name="team"]')).toHaveValue(teamId!);
  await expect(filters.getByTestId('filter-specialist')).toHaveAttribute('title', specName);
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText(specName);

  await filters.getByRole('button', { name: 'Показать' }).click();
  await expect(page).toHaveURL(new RegExp(`specialist=${encodeURIComponent(specId!)}`));
  expect(urlScope(page).specialist).toBe(specId);
  await expect(filters.locator('select[name="team"]')).toHaveValue(teamId!);
  await expect(filters.getByTestId('filter-specialist')).toHaveAttribute('title', specName);
  await expect(page.getByRole('navigation', { name: 'Вся компания' })).toContainText(teamName);

  await filters.getByRole('link', { name: `Убрать фильтр по специалисту ${specName}` }).click();
  await expect(page).not.toHaveURL(/specialist=/);
  await expect(filters.getByTestId('filter-specialist')).toHaveCount(0);
  await expect(filters.locator('select[name="team"]')).toHaveValue(teamId!);
});
