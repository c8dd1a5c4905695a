// Мой день of a head (issue 21): the teams' day first, one row per team with its counts; a team's
// name narrows the lists below to that team, the page says which team it shows, and «Все отделы»
// brings every team back. The API gives the same counts.
import { test, expect } from './test';
import { stateFile } from './fixture';

test.use({ storageState: stateFile('head') });

interface Team { teamId: string | null; teamName: string | null; today: number; overdue: number; agreements: number; threats: number }
interface Day { teams?: Team[]; today: { total: number }; overdue: { total: number }; agreements: { total: number }; threats: { total: number } }

const sectionCount = (page: import('./test').Page, name: string) =>
  page.getByRole('heading', { level: 2, name: new RegExp(`^${name}`) }).locator('span').innerText();

test("a head's Мой день: counts per team, a team's name narrows the lists to it and says so", async ({ page }) => {
  // The head's own session (its cookies), as the page asks.
  const api = await page.request.get('/api/v1/my-day');
  expect(api.status()).toBe(200);
  const day = (await api.json()) as Day;
  expect(day.teams?.length ?? 0).toBeGreaterThan(0);
  const teams = day.teams!;
  // The counts add up to the lists' totals.
  expect(teams.reduce((a, x) => a + x.overdue, 0)).toBe(day.overdue.total);

  await page.goto('/my-day');
  await expect(page.getByRole('heading', { level: 2, name: /^По отделам/ })).toBeVisible();
  const team = teams.find((x) => x.teamId && x.teamName)!;
  await page.getByRole('link', { name: team.teamName!, exact: true }).first().click();
  await expect(page).toHaveURL(new RegExp(`[?&]team=${encodeURIComponent(team.teamId!)}`));
  await expect(page.getByRole('status').filter({ hasText: `Показан отдел «${team.teamName}»` })).toBeVisible();
  expect((await sectionCount(page, 'Просроченные контакты')).replace(/\s/g, '')).toBe(String(team.overdue));
  expect((await sectionCount(page, 'Договорённости')).replace(/\s/g, '')).toBe(String(team.agreements));

  await page.getByRole('link', { name: 'Все отделы' }).click();
  await expect(page).not.toHaveURL(/team=/);
  await expect(page.getByRole('status').filter({ hasText: 'Показан отдел' })).toHaveCount(0);
});
