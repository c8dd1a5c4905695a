// The load test's engine (issue: Build 11, scripts/bench/load-test.ts): virtual clients that loop
// over a route plan against a running app until a deadline, recording status and latency per
// route; the statistics and the Markdown report over them. No app imports: it speaks HTTP only,
// so it measures the app as its users meet it.

/** A request a virtual client may make: `name` groups it in the report, `path` is the URL path and query. */
export interface PlannedRoute {
  name: string;
  path: string;
  /** Relative frequency within the role's plan (default 1). */
  weight?: number;
  /** Request headers beyond the client's credentials (e.g. an Accept for the Arrow form). */
  headers?: Record<string, string>;
}

/** One virtual client: its credentials and the routes it picks from. */
export interface VirtualClient {
  /** Shown in reports: e.g. `head/session`. */
  label: string;
  /** `Cookie` or `Authorization` header, exactly as sent. */
  headers: Record<string, string>;
  routes: PlannedRoute[];
}

/** One request's outcome; `status` 0 = network error or timeout (no answer). */
export interface Sample {
  route: string;
  client: string;
  /** Milliseconds since the run started, when the request was sent. */
  startMs: number;
  /** Time to the last byte of the body, ms. */
  ms: number;
  status: number;
  /** The answering web worker (the app's `x-sa-worker` header), when the answer had one. */
  worker?: string;
}

export interface ErrorBody {
  route: string;
  url: string;
  client: string;
  status: number;
  /** The start of the body, or the network error's message. */
  body: string;
}

/** Up to this many error bodies are kept per route and status (the first ones). */
export const ERROR_BODIES_PER_ROUTE = 3;
const BODY_CHARS = 400;
const NO_ANSWER_PAUSE_MS = 100;

/** An answer counts as an error when it is a 5xx or no answer at all (network error, timeout). */
export const isError = (status: number): boolean => status === 0 || status >= 500;
/** Every request the test makes is one the app should answer with 2xx: anything else is reported too. */
export const isUnexpected = (status: number): boolean => !isError(status) && (status < 200 || status >= 300);

/**
 * The base URL when it is on this machine's loopback (127.0.0.1, ::1 or localhost, http), else an
 * Error saying why: the load test must never be pointed at someone else's server.
 */
export function parseLoopbackUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`--url: не URL: «${raw}»`);
  }
  if (u.protocol !== 'http:') throw new Error(`--url: только http на этой машине (loopback), получено «${u.protocol}»`);
  if (!['127.0.0.1', '[::1]', 'localhost'].includes(u.hostname)) {
    throw new Error(`--url: нагрузочный тест работает только с приложением на этой машине (127.0.0.1, ::1, localhost), получено «${u.hostname}»`);
  }
  if (u.username || u.password) throw new Error('--url: без логина и пароля в адресе');
  if ((u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) throw new Error('--url: только адрес приложения, без пути (например http://127.0.0.1:3300)');
  return new URL(u.origin);
}

/** Nearest-rank percentile (p in 0–100) of ascending `sorted`; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** A seeded 32-bit generator (mulberry32): the same seed gives the same route sequence per client. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pick a route by weight with `rnd()` in [0, 1). */
export function pickRoute(routes: readonly PlannedRoute[], rnd: () => number): PlannedRoute {
  const total = routes.reduce((s, r) => s + (r.weight ?? 1), 0);
  let x = rnd() * total;
  for (const r of routes) {
    x -= r.weight ?? 1;
    if (x < 0) return r;
  }
  return routes[routes.length - 1];
}

export interface RunOptions {
  baseUrl: string;
  clients: VirtualClient[];
  /** The run stops sending at this many ms after its start; asked again after every request, so it may move. */
  deadlineMs: () => number;
  /** Stop a client after this many requests (the warm-up: 1); default no limit. */
  maxRequestsPerClient?: number;
  /** A request without an answer after this long is aborted and counted as an error (status 0). */
  requestTimeoutMs?: number;
  seed?: number;
  /** `performance.now()` the sample times count from (default: when the run starts), to line them up with the caller's clock. */
  epoch?: number;
  /** Called with each sample as it is recorded. */
  onSample?: (s: Sample) => void;
  fetchImpl?: typeof fetch;
}

export interface RunResult {
  samples: Sample[];
  errorBodies: ErrorBody[];
  /** Wall time from the epoch to the last answer, ms. */
  elapsedMs: number;
}

/**
 * Run every virtual client at once, each one request at a time (request, read the whole body,
 * record, next) until `deadlineMs()` has passed; a request in flight at the deadline is waited for
 * (at most `requestTimeoutMs`). Node's fetch keeps connections alive, so each client reuses its socket.
 */
export async function runVirtualClients(o: RunOptions): Promise<RunResult> {
  const doFetch = o.fetchImpl ?? fetch;
  const timeout = o.requestTimeoutMs ?? 60_000;
  const samples: Sample[] = [];
  const errorBodies: ErrorBody[] = [];
  const kept = new Map<string, number>();
  const keep = (e: ErrorBody) => {
    const k = `${e.route}\u0000${e.status}`;
    const n = kept.get(k) ?? 0;
    if (n >= ERROR_BODIES_PER_ROUTE) return;
    kept.set(k, n + 1);
    errorBodies.push(e);
  };
  const t0 = o.epoch ?? performance.now();
  const now = () => performance.now() - t0;
  const base = o.baseUrl.replace(/\/$/, '');

  async function loop(c: VirtualClient, i: number): Promise<void> {
    const rnd = seededRandom((o.seed ?? 1) * 1009 + i);
    for (let n = 0; n < (o.maxRequestsPerClient ?? Infinity) && now() < o.deadlineMs(); n++) {
      const r = pickRoute(c.routes, rnd);
      const url = base + r.path;
      const startMs = now();
      let status = 0;
      let body = '';
      let worker: string | null = null;
      try {
        const res = await doFetch(url, { headers: { ...c.headers, ...r.headers }, signal: AbortSignal.timeout(timeout), redirect: 'manual' });
        status = res.status;
        worker = res.headers.get('x-sa-worker');
        if (isError(status) || isUnexpected(status)) body = (await res.text()).slice(0, BODY_CHARS);
        else await res.arrayBuffer();
      } catch (e) {
        status = 0;
        const err = e as Error & { cause?: { code?: string; message?: string } };
        body = `${err.name}: ${err.message}${err.cause ? ` (${err.cause.code ?? ''} ${err.cause.message ?? ''})` : ''}`;
      }
      const s: Sample = { route: r.name, client: c.label, startMs, ms: now() - startMs, status, ...(worker ? { worker } : {}) };
      samples.push(s);
      o.onSample?.(s);
      if (isError(status) || isUnexpected(status)) keep({ route: r.name, url: r.path, client: c.label, status, body });
      // No answer (the app down or restarting) comes back at once: pause so a dead app is not
      // counted millions of times, and the run's numbers stay about requests the app could have served.
      if (status === 0) await new Promise((res) => setTimeout(res, NO_ANSWER_PAUSE_MS));
    }
  }

  await Promise.all(o.clients.map((c, i) => loop(c, i)));
  return { samples, errorBodies, elapsedMs: now() };
}

export interface RouteStats {
  route: string;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Non-2xx answers by status (0 = no answer). */
  byStatus: Record<string, number>;
  errors: number;
  unexpected: number;
}

/** Statistics of `samples` per route (in the order given, then any others by name) and over all; rates over `seconds`. */
export function summarize(samples: readonly Sample[], seconds: number, order: readonly string[] = []): { routes: RouteStats[]; total: RouteStats } {
  const groups = new Map<string, Sample[]>();
  for (const name of order) groups.set(name, []);
  for (const s of samples) {
    let g = groups.get(s.route);
    if (!g) groups.set(s.route, (g = []));
    g.push(s);
  }
  const stats = (route: string, list: readonly Sample[]): RouteStats => {
    const ms = list.map((s) => s.ms).sort((a, b) => a - b);
    const byStatus: Record<string, number> = {};
    let errors = 0;
    let unexpected = 0;
    for (const s of list) {
      if (isError(s.status)) errors++;
      else if (isUnexpected(s.status)) unexpected++;
      else continue;
      byStatus[String(s.status)] = (byStatus[String(s.status)] ?? 0) + 1;
    }
    return {
      route, requests: list.length, perSecond: seconds > 0 ? list.length / seconds : NaN,
      p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), max: ms.length ? ms[ms.length - 1] : NaN,
      byStatus, errors, unexpected,
    };
  };
  const named = [...groups.keys()].filter((k) => !order.includes(k)).sort();
  const routes = [...order, ...named].map((k) => stats(k, groups.get(k)!)).filter((r) => r.requests > 0 || order.includes(r.route));
  return { routes, total: stats('всего', samples) };
}

const num = (n: number, d = 0) => (Number.isFinite(n) ? n.toLocaleString('ru-RU', { maximumFractionDigits: d, minimumFractionDigits: d }) : '—');

/** `500×3, нет ответа×1`, or `0`. */
export function formatStatuses(byStatus: Record<string, number>): string {
  const parts = Object.entries(byStatus).sort(([a], [b]) => Number(a) - Number(b)).map(([st, n]) => `${st === '0' ? 'нет ответа' : st}×${n}`);
  return parts.length ? parts.join(', ') : '0';
}

/** The per-route Markdown table with a total row. */
export function routeTable(s: { routes: RouteStats[]; total: RouteStats }): string {
  const row = (r: RouteStats, bold = false) => {
    const b = (x: string) => (bold ? `**${x}**` : x);
    return `| ${b(r.route.replace(/\|/g, '\\|'))} | ${b(num(r.requests))} | ${b(num(r.perSecond, 1))} | ${num(r.p50)} | ${num(r.p95)} | ${num(r.p99)} | ${b(formatStatuses(r.byStatus))} |`;
  };
  return [
    '| маршрут | запросов | запросов/с | p50, мс | p95, мс | p99, мс | ошибки и не-2xx по статусу |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...s.routes.map((r) => row(r)),
    row(s.total, true),
  ].join('\n');
}

/**
 * How the answers spread over the web workers (`x-sa-worker`), e.g. `1 — 1 234 (51 %), 2 — 1 190 (49 %)`,
 * numeric ids first; answers without the header as `без заголовка`. Empty when no answer had one.
 */
export function workerShare(samples: readonly Sample[]): string {
  const n = new Map<string, number>();
  for (const s of samples) if (s.status !== 0) n.set(s.worker ?? '', (n.get(s.worker ?? '') ?? 0) + 1);
  if (![...n.keys()].some((k) => k)) return '';
  const total = [...n.values()].reduce((a, b) => a + b, 0);
  return [...n].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : Number(a) - Number(b) || a.localeCompare(b)))
    .map(([id, k]) => `${id || 'без заголовка'} — ${num(k)} (${num((100 * k) / total)} %)`).join(', ');
}

/** Samples whose request was sent in [fromMs, toMs). */
export const samplesBetween = (samples: readonly Sample[], fromMs: number, toMs: number): Sample[] =>
  samples.filter((s) => s.startMs >= fromMs && s.startMs < toMs);

/**
 * The error bodies as a Markdown list, one line per distinct status and body (an app that fails
 * every request says the same thing on every route): on which routes, and one example URL.
 */
export function errorBodyList(bodies: readonly ErrorBody[], maxRoutes = 8): string {
  const groups = new Map<string, { status: number; body: string; routes: string[]; url: string; client: string }>();
  for (const e of bodies) {
    const body = e.body.replace(/\s+/g, ' ').trim();
    const k = `${e.status}\u0000${body}`;
    const g = groups.get(k) ?? { status: e.status, body, routes: [], url: e.url, client: e.client };
    if (!g.routes.includes(e.route)) g.routes.push(e.route);
    groups.set(k, g);
  }
  const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
  return [...groups.values()].map((g) => {
    const more = g.routes.length > maxRoutes ? ` и ещё ${g.routes.length - maxRoutes}` : '';
    return `- ${g.status === 0 ? 'нет ответа' : g.status} ${code(g.body)}; маршруты (${g.routes.length}): ${g.routes.slice(0, maxRoutes).map(code).join(', ')}${more}; например ${code(g.url)} (${g.client})`;
  }).join('\n');
}
