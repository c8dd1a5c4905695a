// The client card: a holding (or chain) member shows its group with the other members linked, the
// timeline filter lives in the URL, the as-of date is strict in the API and lenient on the page, and
// another specialist's client is a 404 in the API and a not-found page for a specialist.
import { test, expect, type APIRequestContext } from './test';
import { readFixture, stateFile } from './fixture';

const fx = readFixture();

interface CardJson {
  client: { id: string; name: string };
  groups: Array<{ kind: 'holding' | 'chain'; members: Array<{ id: string; name: string; isSelf: boolean }>; outsideScope: number; totals: { members: number } }>;
  payments: { periods: Array<{ period: string }> };
  timeline: { kind: string | null; counts: Record<string, number>; items: Array<{ kind: string }> };
  completeness: { checks: unknown[] };
}

/** The first client (in id order) whose group has another member the caller can open. */
async function findGroupMember(request: APIRequestContext, key: string, ids: string[]): Promise<CardJson> {
  for (const id of ids) {
    const res = await request.get(`/api/v1/clients/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status(), id).toBe(200);
    const card = (await res.json()) as CardJson;
    if (card.groups.some((g) => g.members.length >= 2)) return card;
  }
  throw new Error('the e2e company has no holding or chain with two members');
}

test.describe('as a sales head (session)', () => {
  test.use({ storageState: stateFile('head') });

  test('a holding member card shows its group; a member link opens that member', async ({ page, request }) => {
    const card = await findGroupMember(request, fx.apiKeyExec, fx.clientIds);
    const group = card.groups.find((g) => g.members.length >= 2)!;
    const other = group.members.find((m) => !m.isSelf)!;
    expect(group.members.filter((m) => m.isSelf).map((m) => m.id)).toEqual([card.client.id]);

    const res = await page.goto(`/clients/${encodeURIComponent(card.client.id)}`);
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(card.client.name);
    const section = page.getByTestId(`group-${group.kind}`);
    await expect(section).toBeVisible();
    await expect(section.getByText(group.kind === 'holding' ? 'Холдинг' : 'Сеть', { exact: true })).toBeVisible();
    const link = section.locator(`a[href="/clients/${encodeURIComponent(other.id)}"]`);
    await expect(link).toHaveText(other.name);
    await expect(page.getByRole('link', { name: 'Подготовиться к контакту' })).toHaveAttribute('href', `/clients/${encodeURIComponent(card.client.id)}/prepare`);
    await link.click();
    await expect(page).toHaveURL(new RegExp(`/clients/${encodeURIComponent(other.id)}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(other.name);
    await expect(page.getByTestId(`group-${group.kind}`).locator(`a[href="/clients/${encodeURIComponent(card.client.id)}"]`)).toBeVisible();
  });

  test('timeline filter and the as-of date live in the URL; a bad date falls back', async ({ page }) => {
    const id = fx.clientIdsOfA[0];
    await page.goto(`/clients/${encodeURIComponent(id)}`);
    await expect(page.getByRole('heading', { name: 'Оплаты и акты за 12 месяцев' })).toBeVisible();
    await expect(page.getByTestId('card-payments').locator('tbody tr')).toHaveCount(12);
    await page.getByRole('navigation', { name: 'Показать в истории' }).getByRole('link', { name: /^Контакты/ }).click();
    await expect(page).toHaveURL(/[?&]kind=interaction/);
    const kinds = await page.getByTestId('timeline').locator('li').evaluateAll((li) => li.map((x) => x.getAttribute('data-kind')));
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['interaction']));

    await page.getByLabel('На дату').fill('2026-10-15');
    await page.getByRole('button', { name: 'Показать', exact: true }).click();
    await expect(page).toHaveURL(/asOf=2026-10-15/);
    await expect(page).toHaveURL(/kind=interaction/);
    await expect(page.getByText('Все цифры — как было известно на 15.10.2026.')).toBeVisible();

    const bad = await page.goto(`/clients/${encodeURIComponent(id)}?asOf=2026-02-30&kind=nope&limit=-1`);
    expect(bad?.status()).toBe(200);
    await expect(page.getByText('Все цифры — как было известно на 20.11.2026.')).toBeVisible();
  });
});

test('API: the card as JSON, as of a date; bad parameters are 400', async ({ request }) => {
  const headers = { authorization: `Bearer ${fx.apiKeySpecA}` };
  const id = fx.clientIdsOfA[0];
  const res = await request.get(`/api/v1/clients/${encodeURIComponent(id)}?asOf=2026-10-15&kind=usage&limit=5`, { headers });
  expect(res.status()).toBe(200);
  const card = (await res.json()) as CardJson & { asOf: string };
  expect(card.asOf).toBe('2026-10-15');
  expect(card.client.id).toBe(id);
  expect(card.payments.periods.map((p) => p.period)).toHaveLength(12);
  expect(card.payments.periods.at(-1)!.period).toBe('2026-10');
  expect(card.timeline.kind).toBe('usage');
  expect(card.timeline.items.length).toBeLessThanOrEqual(5);
  expect(card.timeline.items.every((i) => i.kind === 'usage')).toBe(true);
  expect(card.completeness.checks).toHaveLength(6);
  for (const q of ['asOf=2026-02-30', 'asOf=yesterday', 'kind=call', 'limit=0', 'limit=501']) {
    const r = await request.get(`/api/v1/clients/${encodeURIComponent(id)}?${q}`, { headers });
    expect(r.status(), q).toBe(400);
  }
});

test('API: another specialist\'s client is 404, like a missing one; group members outside scope are counted, not listed', async ({ request }) => {
  const headers = { authorization: `Bearer ${fx.apiKeySpecA}` };
  const other = fx.clientIds.find((id) => !fx.clientIdsOfA.includes(id))!;
  const res = await request.get(`/api/v1/clients/${encodeURIComponent(other)}`, { headers });
  expect(res.status()).toBe(404);
  expect(await res.json()).toEqual({ error: 'not found' });
  expect((await request.get('/api/v1/clients/NO-SUCH-CLIENT', { headers })).status()).toBe(404);
  // Every member a specialist's card lists is the specialist's own client.
  const own = new Set(fx.clientIdsOfA);
  for (const id of fx.clientIdsOfA) {
    const card = (await (await request.get(`/api/v1/clients/${encodeURIComponent(id)}`, { headers })).json()) as CardJson;
    for (const g of card.groups) {
      for (const m of g.members) expect(own.has(m.id), `${id} lists ${m.id}`).toBe(true);
      expect(g.members.length + g.outsideScope).toBe(g.totals.members);
    }
  }
});

test.describe('as specialist A (session)', () => {
  test.use({ storageState: stateFile('spec-a') });

  test('another specialist\'s card is a not-found page', async ({ page }) => {
    const other = fx.clientIds.find((id) => !fx.clientIdsOfA.includes(id))!;
    const res = await page.goto(`/clients/${encodeURIComponent(other)}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Не найдено' })).toBeVisible();
    const api = await page.request.get(`/api/v1/clients/${encodeURIComponent(other)}`);
    expect(api.status()).toBe(404);
  });
});
