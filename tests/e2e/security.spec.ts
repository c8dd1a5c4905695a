// The answers' security headers and their CSP (proxy.ts, lib/http/security-headers.ts): every
// main page renders and runs its scripts as each role without one CSP violation (the guard of
// ./test.ts fails the test on any); a page and an API answer carry the headers; a malformed
// percent-escape in a path is 400, for a page and for the API, with a session or a key.
import { test, expect, type Page } from './test';
import { readFixture, stateFile } from './fixture';

const fx = readFixture();

function pagesOf(login: string): string[] {
  const own = encodeURIComponent(fx.clientIdsOfA[0]);
  return [
    '/payments', '/payments?by=client', '/payments/debtors', '/payments/acts', '/clients', `/clients/${own}`, `/clients/${own}/prepare`,
    '/my-day', '/beacon', '/kpi', '/kpi?by=specialist', '/kpi/load', '/kpi/rows?control=calls', '/abc-xyz', '/abc-xyz/transitions', '/bcg',
    '/loads', ...(login === 'exec' ? ['/overview'] : []),
  ];
}

/** Goes to `path` and waits until its scripts have run: the live-updates stream opens after hydration. */
async function visit(page: Page, path: string): Promise<void> {
  const stream = page.waitForRequest(/\/api\/v1\/events$/);
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(200);
  await stream;
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
}

for (const login of ['head', 'spec-a', 'exec']) {
  test.describe(`as ${login}`, () => {
    test.use({ storageState: stateFile(login) });

    test('every main page renders and runs under the CSP without a violation', async ({ page }) => {
      test.setTimeout(120_000);
      for (const path of pagesOf(login)) await visit(page, path);
    });
  });
}

test('the sign-in page runs under the CSP too (prerendered pages would lack the nonce)', async ({ page }) => {
  const res = await page.goto('/login');
  const csp = res!.headers()['content-security-policy'];
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  // Next stamped its scripts with this answer's nonce (read from the property: browsers hide the attribute's value).
  const nonces = await page.locator('script[src]').evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLScriptElement).nonce))]);
  expect(nonces).toEqual([nonce]);
});

test.describe('headers', () => {
  test.use({ storageState: stateFile('head') });

  test('a page and an API answer carry the security headers', async ({ page }) => {
    const res = await page.goto('/payments');
    const h = res!.headers();
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['referrer-policy']).toBe('same-origin');
    expect(h['permissions-policy']).toContain('camera=()');
    expect(h['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self' 'nonce-[^']+' 'strict-dynamic'; /);
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    // The e2e server is plain http (NEXTAUTH_URL http://localhost): no HSTS.
    expect(h['strict-transport-security']).toBeUndefined();
    const api = await page.request.get('/api/v1/payments');
    expect(api.status()).toBe(200);
    expect(api.headers()['x-content-type-options']).toBe('nosniff');
    expect(api.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    // A static asset: the fixed headers from next.config.js.
    const js = await page.evaluate(() => document.querySelector<HTMLScriptElement>('script[src]')!.src);
    const asset = await page.request.get(js);
    expect(asset.status()).toBe(200);
    expect(asset.headers()['x-content-type-options']).toBe('nosniff');
  });

  test('a malformed percent-escape in a path is 400, not 500', async ({ page }) => {
    for (const path of ['/clients/%E0%A4%A', '/clients/%ZZ/prepare', '/loads/%']) {
      const res = await page.request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(400);
      expect(await res.text(), path).toContain('%-кодировки');
    }
    for (const path of ['/api/v1/clients/%ZZ', '/api/v1/clients/%E0%A4%A', '/api/v1/loads/%E0%A4%A/report']) {
      const res = await page.request.get(path);
      expect(res.status(), path).toBe(400);
      expect((await res.json()).error, path).toMatch(/percent-encoding/);
      const byKey = await page.request.get(path, { headers: { authorization: `Bearer ${fx.apiKeyExec}` } });
      expect(byKey.status(), path).toBe(400);
    }
  });
});
