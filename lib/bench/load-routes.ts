// What the load test's virtual clients ask for: the main /api/v1 routes of README's JSON API table,
// with the parameters each role's screens use (by team for heads, by client for a specialist, the
// company for executives), a few filters that match nothing, client cards of clients in the
// caller's scope and searches that find them. Weights follow how often a screen asks: the boards,
// cards and searches more than the rankings.
import type { Role } from '../db/scope';
import type { PlannedRoute } from './load-test';

/** What the plan needs to know about the data: read from the app's own API before the run. */
export interface LoadFixture {
  /** Newest extract's as-of and its month; the month before. */
  asOf: string;
  period: string;
  prevPeriod: string;
  /** The load-test specialist and their team; another specialist of the company. */
  specialistId: string;
  teamId: string;
  otherSpecialistId: string;
  /** Client ids of the specialist (in everyone's scope) and a spread over the company (heads, executives). */
  ownClientIds: string[];
  companyClientIds: string[];
  /** Search queries that find clients of the specialist, and of the company. */
  ownSearches: string[];
  companySearches: string[];
}

/** The same route name over several concrete URLs, the weight split between them. */
function variants(name: string, paths: readonly string[], weight: number, headers?: Record<string, string>): PlannedRoute[] {
  if (!paths.length) return [];
  return paths.map((path) => ({ name, path, weight: weight / paths.length, headers }));
}

const q = (s: string) => encodeURIComponent(s);
const ARROW = { accept: 'application/vnd.apache.arrow.stream' };
/** Cards and searches rotate over at most this many clients or queries per role. */
const SPREAD = 40;

/** The weighted route plan of one role over `f`. */
export function routesFor(role: Role, f: LoadFixture): PlannedRoute[] {
  const own = f.ownClientIds.slice(0, SPREAD);
  const company = f.companyClientIds.slice(0, SPREAD);
  const common: PlannedRoute[] = [
    { name: '/me', path: '/api/v1/me', weight: 1 },
    { name: '/loads', path: '/api/v1/loads?limit=20', weight: 1 },
    { name: '/alerts', path: '/api/v1/alerts', weight: 2 },
    { name: '/my-day', path: '/api/v1/my-day', weight: 2 },
    { name: '/debtors?specialist=nobody', path: '/api/v1/debtors?specialist=nobody', weight: 1 },
    { name: '/clients?specialist=nobody', path: '/api/v1/clients?specialist=nobody&limit=50', weight: 0.5 },
    { name: '/payments/history', path: '/api/v1/payments/history', weight: 1 },
  ];
  if (role === 'specialist') {
    return [
      ...common,
      { name: '/payments?by=client', path: '/api/v1/payments?by=client', weight: 3 },
      { name: '/payments/curve', path: '/api/v1/payments/curve', weight: 2 },
      { name: '/payments/forecast', path: '/api/v1/payments/forecast?by=specialist', weight: 1 },
      { name: '/payments/calls', path: '/api/v1/payments/calls', weight: 1 },
      { name: '/debtors', path: '/api/v1/debtors?by=client&limit=100', weight: 2 },
      { name: '/acts/unreturned', path: '/api/v1/acts/unreturned?by=period&limit=100', weight: 1 },
      { name: '/kpi', path: '/api/v1/kpi?by=specialist', weight: 2 },
      { name: '/abc-xyz', path: '/api/v1/abc-xyz?limit=100', weight: 1 },
      { name: '/bcg', path: '/api/v1/bcg?by=client&limit=500', weight: 1 },
      { name: '/clients (Arrow)', path: '/api/v1/clients?limit=200000', weight: 1, headers: ARROW },
      { name: '/clients', path: '/api/v1/clients?limit=50&sort=name', weight: 1 },
      ...variants('/clients/[id]', own.map((id) => `/api/v1/clients/${q(id)}`), 4),
      ...variants('/clients/search', f.ownSearches.slice(0, SPREAD).map((s) => `/api/v1/clients/search?q=${q(s)}&limit=20`), 3),
    ];
  }
  if (role === 'head') {
    const team = q(f.teamId);
    return [
      ...common,
      { name: '/payments?by=team', path: '/api/v1/payments?by=team', weight: 3 },
      { name: '/payments?by=specialist', path: `/api/v1/payments?by=specialist&team=${team}`, weight: 2 },
      { name: '/payments/curve', path: `/api/v1/payments/curve?team=${team}`, weight: 2 },
      { name: '/payments/forecast', path: '/api/v1/payments/forecast?by=team', weight: 1 },
      { name: '/payments/calls', path: `/api/v1/payments/calls?team=${team}`, weight: 1 },
      { name: '/debtors', path: '/api/v1/debtors?by=client&limit=100', weight: 1 },
      { name: '/debtors?by=specialist', path: `/api/v1/debtors?by=specialist&team=${team}`, weight: 1 },
      { name: '/acts/unreturned', path: '/api/v1/acts/unreturned?by=team&limit=100', weight: 1 },
      { name: '/kpi', path: '/api/v1/kpi?by=team', weight: 2 },
      { name: '/kpi?by=specialist', path: `/api/v1/kpi?by=specialist&team=${team}`, weight: 1 },
      { name: '/abc-xyz', path: '/api/v1/abc-xyz?limit=100', weight: 1 },
      { name: '/abc-xyz?cell=A-X', path: '/api/v1/abc-xyz?cell=A-X&limit=100', weight: 0.5 },
      { name: '/bcg', path: '/api/v1/bcg?by=team', weight: 1 },
      { name: '/clients', path: `/api/v1/clients?team=${team}&limit=50&sort=name`, weight: 1 },
      { name: '/clients?status=churned', path: '/api/v1/clients?status=churned&limit=50&sort=contractStart&dir=desc', weight: 0.5 },
      { name: '/clients (Arrow)', path: `/api/v1/clients?team=${team}&limit=200000`, weight: 0.5, headers: ARROW },
      ...variants('/clients/[id]', company.map((id) => `/api/v1/clients/${q(id)}`), 3),
      ...variants('/clients/search', f.companySearches.slice(0, SPREAD).map((s) => `/api/v1/clients/search?q=${q(s)}&limit=20`), 3),
    ];
  }
  return [
    ...common,
    { name: '/payments?by=company', path: '/api/v1/payments?by=company', weight: 2 },
    { name: '/payments?by=team', path: '/api/v1/payments?by=team', weight: 2 },
    { name: '/payments?by=team (прошлый месяц)', path: `/api/v1/payments?by=team&period=${q(f.prevPeriod)}`, weight: 1 },
    { name: '/payments/curve', path: '/api/v1/payments/curve', weight: 2 },
    { name: '/payments/forecast', path: '/api/v1/payments/forecast?by=team', weight: 1 },
    { name: '/payments/calls', path: '/api/v1/payments/calls', weight: 1 },
    { name: '/debtors?by=team', path: '/api/v1/debtors?by=team', weight: 1 },
    { name: '/acts/unreturned', path: '/api/v1/acts/unreturned?by=team&limit=100', weight: 1 },
    { name: '/kpi', path: '/api/v1/kpi?by=team', weight: 2 },
    { name: '/kpi?team=nobody', path: '/api/v1/kpi?by=specialist&team=nobody', weight: 0.5 },
    { name: '/abc-xyz', path: '/api/v1/abc-xyz?metric=gross_profit&limit=100', weight: 1 },
    { name: '/bcg', path: '/api/v1/bcg?by=segment', weight: 1 },
    { name: '/clients', path: '/api/v1/clients?limit=50&sort=region&dir=desc', weight: 1 },
    ...variants('/clients/[id]', company.map((id) => `/api/v1/clients/${q(id)}`), 2),
    ...variants('/clients/search', f.companySearches.slice(0, SPREAD).map((s) => `/api/v1/clients/search?q=${q(s)}&limit=20`), 2),
  ];
}

/** Route names in the report's order: the plans' first appearance, role by role. */
export function routeOrder(plans: readonly PlannedRoute[][]): string[] {
  const seen = new Set<string>();
  for (const plan of plans) for (const r of plan) seen.add(r.name);
  return [...seen];
}

/** Search queries that find `rows`: the longest word of the name (no legal form, no quotes), the INN, its first 6 digits. */
export function searchQueriesFor(rows: ReadonlyArray<{ name: string; inn: string | null }>): string[] {
  const out: string[] = [];
  rows.forEach((r, i) => {
    const words = r.name.replace(/["«»]/g, ' ').split(/\s+/).filter((w) => w.length >= 4 && !/^(ООО|ОАО|ЗАО|ПАО|АО|ИП)$/i.test(w));
    const word = words.sort((a, b) => b.length - a.length)[0];
    if (i % 3 === 0 && word) out.push(word);
    else if (i % 3 === 1 && r.inn) out.push(r.inn);
    else if (r.inn) out.push(r.inn.slice(0, 6));
    else if (word) out.push(word);
  });
  return [...new Set(out)];
}
