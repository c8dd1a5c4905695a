// The issue 5 routes through their handlers with API keys (withApi): the checklist's shape, 400 for a
// bad type or date, 404 outside the scope, ticks by POST / DELETE (403 for executives), Мой день
// and the bell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as alertsRoute from '@/app/api/v1/alerts/route';
import * as alertsSeenRoute from '@/app/api/v1/alerts/seen/route';
import * as myDayRoute from '@/app/api/v1/my-day/route';
import * as prepRoute from '@/app/api/v1/clients/[clientId]/preparation/route';
import { appState } from '@/lib/state';
import { sectionsByType } from '@/lib/prep/contact-types';
import { createApiKey } from '@/lib/users/api-keys';
import { addUser } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { loadPrepFixture } from './fixture';

let dir: string;
let specKey: string;
let execKey: string;
beforeAll(async () => {
  dir = await freshDataDir('sa-prep-api-');
  await loadPrepFixture(dir);
  await addUser({ login: 'spec1', role: 'specialist', password: 'password-1', specialistId: 's1' });
  await addUser({ login: 'boss', role: 'executive', password: 'password-1' });
  specKey = await createApiKey('spec1');
  execKey = await createApiKey('boss');
});
afterAll(() => cleanupDataDir(dir));

// Route handlers differ in their params' type; each gets the one its route has.
type Handler = (r: Request, c: never) => Promise<Response>;
const call = (handler: Handler, path: string, key: string, init: RequestInit = {}, params: Record<string, string> = {}) =>
  handler(new Request(`http://x${path}`, { ...init, headers: { authorization: `Bearer ${key}`, ...(init.headers ?? {}) } }), { params: Promise.resolve(params) } as never);
const prepHandlers: Record<string, Handler> = { GET: prepRoute.GET, POST: prepRoute.POST, DELETE: prepRoute.DELETE };
const prep = (clientId: string, qs = '', key = specKey, init: RequestInit = {}) =>
  call(prepHandlers[init.method ?? 'GET'], `/api/v1/clients/${clientId}/preparation${qs}`, key, init, { clientId });
const tick = (clientId: string, item: unknown, method: 'POST' | 'DELETE', key = specKey) =>
  prep(clientId, '', key, { method, body: JSON.stringify({ item }), headers: { 'content-type': 'application/json' } });

describe('GET /api/v1/clients/<id>/preparation', () => {
  it('answers the suggested type, its reason, the window and the sections of the type', async () => {
    const res = await prep('cWindow');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ suggestedType: 'payment_delay', type: 'payment_delay', since: '2026-11-10T14:00:00', asOf: '2026-11-20' });
    expect(body.reason).toBe('не возвращён акт за сентябрь 2026 (выставлен 30.09)');
    expect(body.sections.map((s: { key: string }) => s.key)).toEqual(sectionsByType.payment_delay);
    expect(body.sections[0].items[0]).toMatchObject({ key: 'payments:periods', kind: 'paymentPeriods', reviewed: false });
    expect(body).not.toHaveProperty('facts');
    const other = await (await prep('cWindow', '?type=low_usage&asOf=2026-11-20')).json();
    expect(other.sections.map((s: { key: string }) => s.key)).toEqual(sectionsByType.low_usage);
    expect(other.suggestedType).toBe('payment_delay');
  });

  it('a bad type or date is 400 naming it; another specialist\'s client is 404', async () => {
    const bad = await prep('cWindow', '?type=urgent');
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues[0]).toMatchObject({ path: 'type' });
    expect((await prep('cWindow', '?asOf=2026-13-01')).status).toBe(400);
    expect((await prep('cOther')).status).toBe(404);
    expect((await prep('nobody')).status).toBe(404);
    expect((await prep('cOther', '', execKey)).status).toBe(200);
  });
});

describe('ticks by POST and DELETE', () => {
  it('tick, read back, untick', async () => {
    const r = await tick('cWindow', 'payments:debt', 'POST');
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ item: 'payments:debt', reviewed: true });
    const after = await (await prep('cWindow')).json();
    expect(after.progress.reviewed).toBe(1);
    expect(after.sections[0].items.find((i: { key: string }) => i.key === 'payments:debt').reviewed).toBe(true);
    expect((await tick('cWindow', 'payments:debt', 'DELETE')).status).toBe(200);
    expect((await (await prep('cWindow')).json()).progress.reviewed).toBe(0);
  });

  it('refuses a bad item (400), a client outside the scope (404) and executives (403)', async () => {
    expect((await tick('cWindow', 'nonsense', 'POST')).status).toBe(400);
    expect((await tick('cWindow', 42, 'POST')).status).toBe(400);
    expect((await prep('cWindow', '', specKey, { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await tick('cOther', 'payments:debt', 'POST')).status).toBe(404);
    expect((await tick('cWindow', 'payments:debt', 'POST', execKey)).status).toBe(403);
  });
});

describe('ticks only for items the checklist offers', () => {
  const tickAt = (clientId: string, item: string, method: 'POST' | 'DELETE', qs = '') =>
    prep(clientId, qs, specKey, { method, body: JSON.stringify({ item }), headers: { 'content-type': 'application/json' } });

  it('an item key the client\'s checklist does not offer is 400 with a Russian message, both ways; nothing is stored', async () => {
    for (const [clientId, item] of [
      ['cWindow', 'payments:nonsense'], //       a made-up item of a real section
      ['cWindow', 'specifics:contact:nobody'], // no such contact person
      ['cWindow', 'threats:tC'], //              another client's threat
      ['cThr', 'history:agreement:a-none'],
    ]) {
      for (const method of ['POST', 'DELETE'] as const) {
        const r = await tickAt(clientId, item, method);
        expect(r.status, `${method} ${clientId} ${item}`).toBe(400);
        expect((await r.json()).error, item).toMatch(/не входит в чек-лист/);
      }
    }
    const stored = appState().prepare(`SELECT item_key FROM prep_reviews WHERE item_key IN ('payments:nonsense', 'specifics:contact:nobody', 'threats:tC', 'history:agreement:a-none')`).all();
    expect(stored).toEqual([]);
  });

  it('accepts what any contact type\'s checklist offers, and what it offered on ?asOf=', async () => {
    // usage is not a section of cWindow's suggested type (payment_delay), but ?type=low_usage shows it
    expect((await tickAt('cWindow', 'usage:hotline-topics', 'POST')).status).toBe(200);
    expect((await tickAt('cWindow', 'specifics:contact:kW1', 'POST')).status).toBe(200);
    expect((await tickAt('cWindow', 'usage:hotline-topics', 'DELETE')).status).toBe(200);
    expect((await tickAt('cWindow', 'specifics:contact:kW1', 'DELETE')).status).toBe(200);
    // cThr's complaint tC was raised on 15.11: offered on D, not on 13.11, when only tD (12.11) was open
    expect((await tickAt('cThr', 'threats:tC', 'POST')).status).toBe(200);
    expect((await tickAt('cThr', 'threats:tC', 'DELETE', '?asOf=2026-11-13')).status).toBe(400);
    expect((await tickAt('cThr', 'threats:tD', 'POST', '?asOf=2026-11-13')).status).toBe(200);
    expect((await tickAt('cThr', 'threats:tC', 'DELETE')).status).toBe(200);
    expect((await tickAt('cThr', 'threats:tD', 'DELETE')).status).toBe(200);
    expect((await tickAt('cThr', 'threats:tD', 'POST', '?asOf=2026-02-30')).status).toBe(400);
  });
});

describe('GET /api/v1/my-day and /api/v1/alerts', () => {
  it('answer the caller\'s lists; a bad asOf is 400', async () => {
    const day = await call(myDayRoute.GET, '/api/v1/my-day', specKey);
    expect(day.status).toBe(200);
    const d = await day.json();
    expect(Object.keys(d).sort()).toEqual(['agreements', 'asOf', 'overdue', 'threats', 'today']);
    expect(d.overdue.rows[0]).toMatchObject({ clientId: 'cWindow', suggestedType: 'payment_delay' });
    expect((await call(myDayRoute.GET, '/api/v1/my-day?asOf=вчера', specKey)).status).toBe(400);
    const alerts = await (await call(alertsRoute.GET, '/api/v1/alerts?asOf=2026-11-20', specKey)).json();
    expect(alerts.total).toBe(5);
    expect(alerts.items[0]).toMatchObject({ kind: 'complaint', clientId: 'cCompl' });
    expect((await call(alertsRoute.GET, '/api/v1/alerts?asOf=2026-02-30', specKey)).status).toBe(400);
  });
});

describe('POST /api/v1/alerts/seen (issue 19)', () => {
  const seen = (body: unknown, key = specKey) =>
    call(alertsSeenRoute.POST, '/api/v1/alerts/seen', key, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const bell = async (key = specKey) => (await call(alertsRoute.GET, '/api/v1/alerts?asOf=2026-11-20', key)).json();

  it('opening the bell marks what it showed: the badge is then empty, per user', async () => {
    const before = await bell();
    expect(before.unseenTotal).toBe(5);
    const res = await seen({ upTo: before.newest });
    expect(res.status).toBe(200);
    expect((await res.json()).seen).toEqual(before.newest);
    const after = await bell();
    expect(after).toMatchObject({ total: 5, unseenTotal: 0, unseen: { threat: 0, complaint: 0, overdueContact: 0, overdueAgreement: 0 } });
    // Another user's badge is theirs.
    expect((await bell(execKey)).unseenTotal).toBe((await bell(execKey)).total);
  });

  it('an older mark does not bring alerts back; a bad body is 400; a wrong key is 401', async () => {
    expect((await seen({ upTo: { complaint: '2026-01-01T00:00:00' } })).status).toBe(200);
    expect((await bell()).unseen.complaint).toBe(0);
    expect((await seen({ upTo: { complaint: 'вчера' } })).status).toBe(400);
    expect((await seen({ upTo: { bogus: '2026-11-20T00:00:00' } })).status).toBe(400);
    expect((await seen('не JSON')).status).toBe(400);
    expect((await seen({ upTo: {} }, 'sa_wrong')).status).toBe(401);
  });
});
