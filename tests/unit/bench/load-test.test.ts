// The load test's engine against a local stand-in server: loopback only, percentiles by hand,
// every answer recorded with its status (5xx and no answer are errors, other non-2xx reported),
// the first error bodies kept, bounded in time, connections kept alive; and the role plans.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeOrder, routesFor, searchQueriesFor, type LoadFixture } from '@/lib/bench/load-routes';
import {
  ERROR_BODIES_PER_ROUTE, errorBodyList, formatStatuses, parseLoopbackUrl, percentile, pickRoute, routeTable, runVirtualClients, seededRandom, summarize, workerShare,
  type Sample, type VirtualClient,
} from '@/lib/bench/load-test';
import { cleanupDataDir, freshDataDir } from '../helpers';

let dir: string;
let server: http.Server;
let base: string;
let connections = 0;
const seenAuth = new Set<string>();

beforeAll(async () => {
  dir = await freshDataDir('load-test-');
  server = http.createServer((req, res) => {
    seenAuth.add(String(req.headers.authorization ?? req.headers.cookie ?? 'none'));
    const url = req.url ?? '/';
    if (url.startsWith('/ok')) return void res.end(JSON.stringify({ rows: [1, 2, 3] }));
    if (url.startsWith('/boom')) {
      res.statusCode = 500;
      return void res.end('{"error":"TransactionContext Error: Conflict on update!"}');
    }
    if (url.startsWith('/gone')) {
      res.statusCode = 404;
      return void res.end('{"error":"not found"}');
    }
    if (url.startsWith('/drop')) return void req.socket.destroy();
    if (url.startsWith('/slow')) return void setTimeout(() => res.end('late'), 1500);
    res.statusCode = 400;
    res.end('?');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await cleanupDataDir(dir);
});

describe('parseLoopbackUrl', () => {
  it('accepts this machine only', () => {
    expect(parseLoopbackUrl('http://127.0.0.1:3300').origin).toBe('http://127.0.0.1:3300');
    expect(parseLoopbackUrl('http://localhost:3000/').origin).toBe('http://localhost:3000');
    expect(parseLoopbackUrl('http://[::1]:3000').origin).toBe('http://[::1]:3000');
    for (const bad of ['http://10.0.0.5:3000', 'http://example.com', 'http://127.0.0.1.nip.io:3000', 'http://0.0.0.0:3000', 'http://192.168.1.2']) {
      expect(() => parseLoopbackUrl(bad), bad).toThrow(/только с приложением на этой машине/);
    }
    expect(() => parseLoopbackUrl('https://127.0.0.1:3000')).toThrow(/только http/);
    expect(() => parseLoopbackUrl('http://127.0.0.1:3000/api')).toThrow(/без пути/);
    expect(() => parseLoopbackUrl('not a url')).toThrow(/не URL/);
  });

  it('the script refuses a remote --url with exit code 2 before doing anything', () => {
    const r = spawnSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), path.resolve('scripts/bench/load-test.ts'), '--data-dir', dir, '--url', 'http://10.1.2.3:3000'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/только с приложением на этой машине/);
    expect(r.stderr).toMatch(/Usage: npx tsx scripts\/bench\/load-test\.ts/);
  });
});

describe('--workers', () => {
  const script = (...args: string[]) => spawnSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), path.resolve('scripts/bench/load-test.ts'), '--data-dir', dir, ...args], { encoding: 'utf8' });

  it('refuses a bad list, --url and a live load over several values with exit code 2 before doing anything', () => {
    for (const [args, message] of [
      [['--workers', '1,0'], /--workers: числа веб-процессов через запятую/],
      [['--workers', '2,x'], /--workers: числа веб-процессов через запятую/],
      [['--workers', '2', '--url', 'http://127.0.0.1:3300'], /--workers: с --url/],
      [['--workers', '1,2', '--live-load', 'auto'], /--live-load: только с одним значением --workers/],
    ] as const) {
      const r = script(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('refuses a data dir with neither a published snapshot nor a warehouse.duckdb', () => {
    const r = script('--workers', '1');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/нет опубликованного снимка \(snapshots\/current\.json и его файла\) и нет warehouse\.duckdb/);
  });

  it('answers per web worker, from x-sa-worker; no answer is not counted', () => {
    const s = (worker: string | undefined, status = 200): Sample => ({ route: '/a', client: 'head/session', startMs: 0, ms: 1, status, ...(worker ? { worker } : {}) });
    expect(workerShare([s('2'), s('10'), s('2'), s('1', 0)])).toBe('2 — 2 (67 %), 10 — 1 (33 %)');
    expect(workerShare([s('1'), s(undefined, 500)])).toBe('1 — 1 (50 %), без заголовка — 1 (50 %)');
    expect(workerShare([s(undefined)])).toBe('');
  });
});

describe('statistics', () => {
  it('nearest-rank percentiles', () => {
    const ten = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(percentile(ten, 50)).toBe(50); // rank ceil(5) = 5
    expect(percentile(ten, 95)).toBe(100); // rank ceil(9.5) = 10
    const twoHundred = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(percentile(twoHundred, 50)).toBe(100);
    expect(percentile(twoHundred, 95)).toBe(190);
    expect(percentile(twoHundred, 99)).toBe(198);
    expect(percentile([], 50)).toBeNaN();
  });

  it('per route: requests, rate, percentiles, statuses; errors are 5xx and no answer', () => {
    const s = (route: string, ms: number, status: number): Sample => ({ route, client: 'c', startMs: 0, ms, status });
    const samples = [s('/a', 10, 200), s('/a', 30, 200), s('/a', 20, 500), s('/a', 40, 0), s('/b', 5, 404), s('/b', 7, 200)];
    const st = summarize(samples, 2, ['/a', '/b', '/never']);
    expect(st.routes.map((r) => r.route)).toEqual(['/a', '/b', '/never']);
    const a = st.routes[0];
    expect([a.requests, a.perSecond, a.p50, a.p95, a.p99, a.max]).toEqual([4, 2, 20, 40, 40, 40]);
    expect([a.errors, a.unexpected, a.byStatus]).toEqual([2, 0, { 0: 1, 500: 1 }]);
    expect([st.routes[1].errors, st.routes[1].unexpected, st.routes[1].byStatus]).toEqual([0, 1, { 404: 1 }]);
    expect([st.total.requests, st.total.perSecond, st.total.errors, st.total.unexpected]).toEqual([6, 3, 2, 1]);
    expect(formatStatuses(a.byStatus)).toBe('нет ответа×1, 500×1');
    const table = routeTable(st).split('\n');
    expect(table[2]).toBe('| /a | 4 | 2,0 | 20 | 40 | 40 | нет ответа×1, 500×1 |');
    expect(table[4]).toBe('| /never | 0 | 0,0 | — | — | — | 0 |');
    expect(table[5]).toBe('| **всего** | **6** | **3,0** | 10 | 40 | 40 | **нет ответа×1, 404×1, 500×1** |');
  });

  it('error bodies: one line per distinct status and body, with its routes and an example', () => {
    const e = (route: string, status: number, body: string) => ({ route, url: `/api/v1${route}?x=1`, client: 'head/session', status, body });
    const list = errorBodyList([
      e('/kpi', 500, '{"error":"internal error"}'), e('/kpi', 500, '{"error":"internal error"}'), e('/bcg', 500, '{"error":\n "internal error"}'),
      e('/me', 0, 'TimeoutError: timed out'), e('/a', 500, 'x'), e('/b', 500, 'x'), e('/c', 500, 'x'),
    ], 2).split('\n');
    expect(list).toEqual([
      '- 500 `{"error":"internal error"}`; маршруты (1): `/kpi`; например `/api/v1/kpi?x=1` (head/session)',
      '- 500 `{"error": "internal error"}`; маршруты (1): `/bcg`; например `/api/v1/bcg?x=1` (head/session)',
      '- нет ответа `TimeoutError: timed out`; маршруты (1): `/me`; например `/api/v1/me?x=1` (head/session)',
      '- 500 `x`; маршруты (3): `/a`, `/b` и ещё 1; например `/api/v1/a?x=1` (head/session)',
    ]);
  });

  it('weighted, seeded route choice', () => {
    const routes = [{ name: 'a', path: '/a', weight: 3 }, { name: 'b', path: '/b', weight: 1 }];
    const rnd = seededRandom(7);
    const n = { a: 0, b: 0 } as Record<string, number>;
    for (let i = 0; i < 4000; i++) n[pickRoute(routes, rnd).name]++;
    expect(n.a / 4000).toBeGreaterThan(0.7);
    expect(n.a / 4000).toBeLessThan(0.8);
    const x = seededRandom(3);
    const y = seededRandom(3);
    expect([x(), x(), x()]).toEqual([y(), y(), y()]);
  });
});

describe('runVirtualClients', () => {
  it('records every answer, keeps the first error bodies, reuses connections', async () => {
    connections = 0;
    seenAuth.clear();
    const routes = [{ name: '/ok', path: '/ok' }, { name: '/boom', path: '/boom' }, { name: '/gone', path: '/gone' }];
    const clients = [0, 1, 2, 3].map((i): VirtualClient => ({ label: `c${i}`, headers: i % 2 ? { authorization: 'Bearer sa_shared' } : { cookie: `s=${i}` }, routes }));
    const r = await runVirtualClients({ baseUrl: base, clients, deadlineMs: () => Number.POSITIVE_INFINITY, maxRequestsPerClient: 30 });
    expect(r.samples).toHaveLength(120);
    const st = summarize(r.samples, 1);
    const byRoute = Object.fromEntries(st.routes.map((x) => [x.route, x]));
    expect(byRoute['/ok'].errors + byRoute['/ok'].unexpected).toBe(0);
    expect(byRoute['/boom'].errors).toBe(byRoute['/boom'].requests);
    expect(byRoute['/gone'].unexpected).toBe(byRoute['/gone'].requests);
    expect(byRoute['/boom'].requests).toBeGreaterThan(ERROR_BODIES_PER_ROUTE);
    const boom = r.errorBodies.filter((e) => e.route === '/boom');
    expect(boom).toHaveLength(ERROR_BODIES_PER_ROUTE);
    expect(boom[0]).toMatchObject({ status: 500, url: '/boom' });
    expect(boom[0].body).toContain('Conflict on update!');
    expect(r.errorBodies.filter((e) => e.route === '/gone')).toHaveLength(ERROR_BODIES_PER_ROUTE);
    // Both kinds of credentials were sent, the key by two clients. Keep-alive: 120 requests over a
    // few sockets (undici may open a second one per client when the next request beats the release of the first).
    expect([...seenAuth].sort()).toEqual(['Bearer sa_shared', 's=0', 's=2']);
    expect(connections).toBeLessThanOrEqual(8);
  });

  it('a dropped connection and a timeout are errors without an answer', async () => {
    const r = await runVirtualClients({
      baseUrl: base, requestTimeoutMs: 300, deadlineMs: () => Number.POSITIVE_INFINITY, maxRequestsPerClient: 1,
      clients: [{ label: 'x', headers: {}, routes: [{ name: '/drop', path: '/drop' }] }, { label: 'y', headers: {}, routes: [{ name: '/slow', path: '/slow' }] }],
    });
    expect(r.samples.map((s) => [s.route, s.status]).sort()).toEqual([['/drop', 0], ['/slow', 0]]);
    expect(r.errorBodies.find((e) => e.route === '/slow')?.body).toMatch(/TimeoutError/);
    expect(summarize(r.samples, 1).total.errors).toBe(2);
  });

  it('an app that is down is not hammered: each client pauses after no answer', async () => {
    // A fetch that fails at once, as a refused connection does on a fast machine.
    const refused = (async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' } });
    }) as unknown as typeof fetch;
    const r = await runVirtualClients({
      baseUrl: 'http://127.0.0.1:1', deadlineMs: () => 350, fetchImpl: refused,
      clients: [1, 2].map((i) => ({ label: `c${i}`, headers: {}, routes: [{ name: '/me', path: '/me' }] })),
    });
    // 100 ms pause after each: at most 4 tries per client in 350 ms (without it, tens of thousands).
    expect(r.samples.length).toBeGreaterThanOrEqual(2);
    expect(r.samples.length).toBeLessThanOrEqual(8);
    expect(r.samples.every((x) => x.status === 0)).toBe(true);
    expect(r.errorBodies[0].body).toMatch(/ECONNREFUSED/);
  });

  it('stops at the deadline, which may move while it runs', async () => {
    let deadline = 200;
    setTimeout(() => {
      deadline = 500;
    }, 100);
    const r = await runVirtualClients({ baseUrl: base, clients: [{ label: 'c', headers: {}, routes: [{ name: '/ok', path: '/ok' }] }], deadlineMs: () => deadline });
    expect(r.elapsedMs).toBeGreaterThanOrEqual(500);
    expect(r.elapsedMs).toBeLessThan(1500);
    expect(Math.max(...r.samples.map((s) => s.startMs))).toBeLessThan(500);
    expect(r.samples.length).toBeGreaterThan(10);
  });
});

describe('route plans', () => {
  const f: LoadFixture = {
    asOf: '2026-11-20', period: '2026-11', prevPeriod: '2026-10', specialistId: 'S1', teamId: 'T 1', otherSpecialistId: 'S2',
    ownClientIds: ['C1', 'C2'], companyClientIds: ['C9', 'C8'], ownSearches: ['Ромашка'], companySearches: ['7701234567'],
  };
  const main = ['/payments', '/payments/curve', '/payments/history', '/payments/forecast', '/debtors', '/acts/unreturned', '/kpi', '/abc-xyz',
    '/bcg', '/clients', '/clients/[id]', '/clients/search', '/my-day', '/alerts', '/loads', '/me'];

  it('every role asks for every main route, a filter that matches nothing, and cards in its scope', () => {
    for (const role of ['head', 'specialist', 'executive'] as const) {
      const plan = routesFor(role, f);
      const paths = plan.map((r) => r.path.replace(/\?.*$/, '').replace('/api/v1', ''));
      for (const m of main) expect(paths.some((p) => (m === '/clients/[id]' ? /^\/clients\/C\d$/.test(p) : p === m)), `${role} ${m}`).toBe(true);
      expect(plan.some((r) => /=nobody/.test(r.path)), role).toBe(true);
      const cards = plan.filter((r) => r.name === '/clients/[id]').map((r) => r.path.split('/').pop());
      expect(cards).toEqual(role === 'specialist' ? ['C1', 'C2'] : ['C9', 'C8']);
      expect(plan.every((r) => r.path.startsWith('/api/v1/') && (r.weight ?? 1) > 0)).toBe(true);
    }
    expect(routesFor('head', f).find((r) => r.name === '/payments?by=specialist')?.path).toBe('/api/v1/payments?by=specialist&team=T%201');
    const order = routeOrder([routesFor('head', f), routesFor('specialist', f)]);
    expect(new Set(order).size).toBe(order.length);
  });

  it('search queries that find the clients: a name word, the INN, its first 6 digits', () => {
    expect(searchQueriesFor([
      { name: 'ООО «Гастроном»', inn: '6161859108' },
      { name: 'ИП Петров', inn: '6624049590' },
      { name: 'АО "Стройинвест №97"', inn: '7701234567' },
    ])).toEqual(['Гастроном', '6624049590', '770123']);
  });
});
