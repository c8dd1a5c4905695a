// The specs' `test`: Playwright's, plus a guard every test runs with (auto fixture) that fails it
// on any Content-Security-Policy violation in its browser context: a `securitypolicyviolation`
// event in any page, or the console line Chromium writes for one. So the whole suite runs with
// the CSP of proxy.ts on and proves the app works under it.
import { test as base, expect } from '@playwright/test';

export { expect, devices } from '@playwright/test';
export type { Page, Locator, APIRequestContext } from '@playwright/test';

export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [async ({ context }, use) => {
    const violations: string[] = [];
    await context.exposeBinding('__reportCspViolation', (_source, v: string) => { violations.push(v); });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __reportCspViolation: (v: string) => void }).__reportCspViolation(
          `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
      }, true);
    });
    context.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
    });
    await use();
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
  }, { auto: true }],
});
