// Client search from the header (issue 4): a phone typed another way than it is stored, and a
// surname with initials, open the right card from the keyboard and by click; `/` focuses the box;
// a specialist searching for another specialist's client finds nothing (while finding their own).
// Clients are picked from the e2e company through the executive's API key.
import { test, expect, devices, type APIRequestContext, type Page } from './test';
import { readFixture, stateFile } from './fixture';

const fx = readFixture();

interface Client { id: string; name: string; inn: string | null; phone: string | null }

async function card(request: APIRequestContext, id: string): Promise<Client> {
  const res = await request.get(`/api/v1/clients/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${fx.apiKeyExec}` } });
  expect(res.status(), id).toBe(200);
  return ((await res.json()) as { client: Client }).client;
}

async function allClients(request: APIRequestContext): Promise<Client[]> {
  const res = await request.get('/api/v1/clients?limit=1000', { headers: { authorization: `Bearer ${fx.apiKeyExec}` } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { rows: Client[] }).rows;
}

/** The national 10 digits of a stored phone, written as 8XXXXXXXXXX (another format than stored). */
function asEightDigits(phone: string): string | null {
  let d = phone.replace(/\D/g, '');
  if (d.length === 11 && (d[0] === '7' || d[0] === '8')) d = d.slice(1);
  return d.length === 10 ? `8${d}` : null;
}

const box = (page: Page) => page.getByRole('combobox', { name: 'Поиск клиента' });
/** The search box's result options (other pages have options of their own, in selects). */
const options = (page: Page) => page.getByRole('search').getByRole('listbox', { name: 'Найденные клиенты' }).getByRole('option');

test.describe('as a sales head (session)', () => {
  test.use({ storageState: stateFile('head') });

  test('a phone typed as 8XXXXXXXXXX finds the client; Enter opens its card', async ({ page, request }) => {
    let target: Client | null = null;
    let typed = '';
    for (const id of fx.clientIds) {
      const c = await card(request, id);
      const q = c.phone ? asEightDigits(c.phone) : null;
      if (q && c.phone !== q) { target = c; typed = q; break; }
    }
    expect(target, 'a client with a 10-digit phone').not.toBeNull();
    await page.goto('/payments');
    // `/` outside a field focuses the search box, once the page has hydrated (a key pressed before
    // its script runs is lost, as in any page): pressed again until it takes.
    await expect(async () => {
      await page.locator('body').press('/');
      await expect(box(page)).toBeFocused({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await box(page).fill(typed);
    const first = options(page).first();
    await expect(first).toContainText(target!.name);
    await expect(first).toContainText(`Телефон: ${target!.phone}`);
    await expect(box(page)).toHaveAttribute('aria-expanded', 'true');
    await box(page).press('Enter');
    await expect(page).toHaveURL(new RegExp(`/clients/${encodeURIComponent(target!.id)}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(target!.name);
  });

  test('a surname finds an entrepreneur: arrows choose, Enter opens; with initials, Esc closes and a click opens', async ({ page, request }) => {
    const ip = (await allClients(request)).find((c) => /^ИП \S+ \S\.\S\.$/.test(c.name));
    expect(ip, 'an ИП client «ИП Фамилия И.О.» in the e2e company').toBeTruthy();
    const [, surname, initials] = /^ИП (\S+) (\S\.\S\.)$/.exec(ip!.name)!;

    // The surname alone: walk down to the client with the arrow keys, open with Enter.
    await page.goto('/payments');
    await box(page).click();
    await box(page).fill(surname);
    await expect(options(page).filter({ hasText: ip!.name }).first()).toBeVisible();
    const texts = await options(page).allTextContents();
    const at = texts.findIndex((x) => x.startsWith(ip!.name));
    expect(at).toBeGreaterThanOrEqual(0);
    await expect(options(page).first()).toHaveAttribute('aria-selected', 'true');
    // ↑ from the first wraps to the last, ↓ comes back.
    const n = await options(page).count();
    await box(page).press('ArrowUp');
    await expect(options(page).nth(n - 1)).toHaveAttribute('aria-selected', 'true');
    await box(page).press('ArrowDown');
    await expect(options(page).first()).toHaveAttribute('aria-selected', 'true');
    for (let i = 0; i < at; i++) await box(page).press('ArrowDown');
    await expect(options(page).nth(at)).toHaveAttribute('aria-selected', 'true');
    await expect(box(page)).toHaveAttribute('aria-activedescendant', (await options(page).nth(at).getAttribute('id'))!);
    await box(page).press('Enter');
    await expect(page).toHaveURL(new RegExp(`/clients/${encodeURIComponent(ip!.id)}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ip!.name);

    // Surname + initials written without dots: the entrepreneur comes first, shown by its name.
    await page.goto('/clients');
    await box(page).click();
    await box(page).fill(`${surname} ${initials.replace(/\./g, ' ').trim()}`);
    const first = options(page).first();
    await expect(first).toContainText(ip!.name);
    await expect(first).toContainText(`Название: ${ip!.name}`);
    await box(page).press('Escape');
    await expect(page.getByRole('search').getByRole('listbox')).toBeHidden();
    await box(page).press('ArrowDown');
    await options(page).filter({ hasText: ip!.name }).first().click();
    await expect(page).toHaveURL(new RegExp(`/clients/${encodeURIComponent(ip!.id)}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ip!.name);
  });
});

test.describe('as specialist A (session)', () => {
  test.use({ storageState: stateFile('spec-a') });

  test('another specialist\'s client is not found; an own client is', async ({ page, request }) => {
    const clients = await allClients(request);
    const own = new Set(fx.clientIdsOfA);
    const other = clients.find((c) => !own.has(c.id) && c.inn);
    const mine = clients.find((c) => own.has(c.id) && c.inn);
    expect(other && mine, 'clients with an INN on both sides').toBeTruthy();

    // The API answers the same as the box.
    const apiOther = await page.request.get(`/api/v1/clients/search?q=${other!.inn}`);
    expect(apiOther.status()).toBe(200);
    expect((await apiOther.json()).rows).toEqual([]);
    const apiName = await page.request.get(`/api/v1/clients/search?q=${encodeURIComponent(other!.name)}&limit=100`);
    expect(((await apiName.json()).rows as Array<{ id: string }>).map((r) => r.id)).not.toContain(other!.id);

    await page.goto('/clients');
    await box(page).fill(other!.inn!);
    await expect(page.getByRole('search').getByRole('status')).toHaveText('Ничего не найдено');
    await expect(options(page)).toHaveCount(0);

    await box(page).fill(mine!.inn!);
    await expect(options(page).first()).toContainText(mine!.name);
    await expect(options(page).first()).toContainText(`ИНН: ${mine!.inn}`);
  });
});

test('the API: 400 in Russian for a short q or a bad limit, 401 without a session', async ({ request }) => {
  const headers = { authorization: `Bearer ${fx.apiKeyExec}` };
  const short = await request.get('/api/v1/clients/search?q=и', { headers });
  expect(short.status()).toBe(400);
  expect((await short.json()).error).toMatch(/не меньше 2 символов/);
  const bad = await request.get('/api/v1/clients/search?q=ива&limit=500', { headers });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toMatch(/limit: целое от 1 до 100/);
  expect((await request.get('/api/v1/clients/search?q=ива')).status()).toBe(401);
});

/** A client with an INN, for the touch layouts. */
async function clientWithInn(request: APIRequestContext): Promise<Client> {
  const c = (await allClients(request)).find((x) => x.inn);
  expect(c, 'a client with an INN').toBeTruthy();
  return c!;
}

for (const [label, use] of [
  // Pixel 7 without its defaultBrowserType (a describe group cannot switch browsers).
  ['phone 390×844, touch', { userAgent: devices['Pixel 7'].userAgent, deviceScaleFactor: devices['Pixel 7'].deviceScaleFactor, isMobile: true, hasTouch: true, viewport: { width: 390, height: 844 } }],
  ['tablet 1024×768, touch', { viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: true }],
] as const) {
  test.describe(`${label} (sales head)`, () => {
    test.use({ ...use, storageState: stateFile('head') });

    test('the box fits the header, a tap on a result opens the card, the page does not scroll sideways', async ({ page, request }) => {
      const c = await clientWithInn(request);
      await page.goto('/payments');
      const width = page.viewportSize()!.width;
      if (width < 500) {
        // A phone's one-row header keeps the box behind an icon; a tap opens it under the header.
        await expect(box(page)).toBeHidden();
        await page.getByRole('button', { name: 'Поиск клиента' }).tap();
        await expect(box(page)).toBeFocused();
      }
      const b = await box(page).boundingBox();
      expect(b).not.toBeNull();
      expect(b!.x).toBeGreaterThanOrEqual(0);
      expect(b!.x + b!.width).toBeLessThanOrEqual(width);
      expect(b!.width).toBeGreaterThanOrEqual(width < 500 ? width - 40 : 160);
      await box(page).tap();
      await box(page).fill(c.inn!);
      const first = options(page).first();
      await expect(first).toContainText(c.name);
      const o = await first.boundingBox();
      expect(o!.x + o!.width).toBeLessThanOrEqual(width);
      expect(o!.height).toBeGreaterThanOrEqual(40); // a finger-sized target
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await first.tap();
      await expect(page).toHaveURL(new RegExp(`/clients/${encodeURIComponent(c.id)}$`));
    });
  });
}
