// Client list benchmark (issue 4): the list of 100,000+ clients as Arrow IPC vs JSON - bytes,
// server ms (the route's getter plus encoding: getClientsArrow vs getClients + JSON.stringify) and
// browser decode ms (Debian's chromium, the bundled apache-arrow + clientRowsFromArrow as the page
// uses them, vs JSON.parse). Opens the warehouse directly (executive scope, no HTTP); the browser gets
// the bytes from a throwaway server on a free loopback port (not 3100/3200). Appends a Markdown
// table to scripts/bench/CLIENTS-LIST.md.
// Usage: flock /tmp/g1m.lock npx tsx scripts/bench/clients-list.ts --data-dir /tmp/g1m [--limit 100000]
//          [--query 'status=active'] [--runs 10] [--browser-runs 10] [--no-append]
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { openBenchData } from '../../lib/bench/open-data';

const usage = "Usage: npx tsx scripts/bench/clients-list.ts --data-dir <dir> [--limit 100000] [--query 'status=active'] [--runs 10] [--browser-runs 10] [--no-append]";
const here = path.dirname(__filename);
const root = path.resolve(here, '../..');

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const fmt = (n: number, d = 0) => n.toLocaleString('ru-RU', { maximumFractionDigits: d, minimumFractionDigits: d });
const mb = (bytes: number) => `${fmt(bytes / 1e6, 1)} МБ`;
const progress = (s: string) => { if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${s}`); };

async function timeRuns(label: string, runs: number, call: () => Promise<unknown>): Promise<number[]> {
  progress(`${label}: прогрев`);
  await call();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    progress(`${label}: ${i + 1}/${runs}`);
    const t = performance.now();
    await call();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b);
}

/** The page's decoder (apache-arrow + lib/arrow/rows) as one script for the browser. */
async function browserBundle(): Promise<string> {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    stdin: {
      contents: "export { tableFromIPC } from 'apache-arrow'; export { clientRowsFromArrow as arrowRows } from './lib/arrow/client-rows';",
      resolveDir: root, loader: 'ts',
    },
    bundle: true, format: 'iife', globalName: 'ListBench', write: false, minify: true, target: 'es2022', platform: 'browser',
  });
  return out.outputFiles[0].text;
}

interface BrowserTimes { arrowDecode: number[]; arrowRows: number; jsonParse: number[]; jsonRows: number; version: string }

/** Decode both answers in Chromium `runs` times each (after one warm-up), bytes already in the page. */
async function browserDecode(arrow: Uint8Array, json: Buffer, runs: number): Promise<BrowserTimes> {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  let closeServer = async () => {};
  try {
    const page = await browser.newPage();
    const bundle = await browserBundle();
    // A throwaway server on a free loopback port (Playwright's route.fulfill cannot carry the
    // 83 MB JSON of 200,000 rows: the page crashed).
    const server = http.createServer((req, res) => {
      const [body, type] = req.url === '/list.arrow' ? [Buffer.from(arrow), 'application/vnd.apache.arrow.stream']
        : req.url === '/list.json' ? [json, 'application/json']
          : req.url === '/bench.js' ? [Buffer.from(bundle), 'text/javascript']
            : [Buffer.from('<!doctype html><meta charset="utf-8"><script src="/bench.js"></script>'), 'text/html'];
      res.writeHead(200, { 'content-type': type, 'content-length': body.byteLength });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
    await page.goto(`http://127.0.0.1:${port}/`);
    const version = browser.version();
    const times = await page.evaluate(async (n) => {
      const w = window as unknown as { ListBench: { tableFromIPC: (b: Uint8Array) => unknown; arrowRows: (t: unknown) => unknown[] } };
      const arrowBytes = new Uint8Array(await (await fetch('/list.arrow')).arrayBuffer());
      const jsonText = await (await fetch('/list.json')).text();
      const arrowDecode: number[] = [];
      const jsonParse: number[] = [];
      let arrowRows = 0;
      let jsonRows = 0;
      for (let i = 0; i <= n; i++) {
        let t = performance.now();
        const rows = w.ListBench.arrowRows(w.ListBench.tableFromIPC(arrowBytes));
        if (i > 0) arrowDecode.push(performance.now() - t);
        arrowRows = rows.length;
        t = performance.now();
        const parsed = JSON.parse(jsonText) as { rows: unknown[] };
        if (i > 0) jsonParse.push(performance.now() - t);
        jsonRows = parsed.rows.length;
      }
      return { arrowDecode, jsonParse, arrowRows, jsonRows };
    }, runs);
    return { ...times, arrowDecode: times.arrowDecode.sort((a, b) => a - b), jsonParse: times.jsonParse.sort((a, b) => a - b), version };
  } finally {
    await browser.close();
    await closeServer();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' }, limit: { type: 'string', default: '100000' }, query: { type: 'string', default: '' },
      runs: { type: 'string', default: '10' }, 'browser-runs': { type: 'string', default: '10' }, 'no-append': { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const browserRuns = Number(values['browser-runs']);
  const limit = Number(values.limit);
  if (!values['data-dir'] || ![runs, browserRuns, limit].every((n) => Number.isInteger(n) && n > 0)) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const dataDir = path.resolve(values['data-dir']);
  if (!(await openBenchData(dataDir, 'clients-list'))) {
    process.stderr.write(`clients-list: в ${dataDir} нет данных (ни snapshots/current.json, ни warehouse.duckdb)\n${usage}\n`);
    return 2;
  }
  process.env.DATA_DIR = dataDir;
  const [{ closeDb, query }, { clientListFilterSchema, getClients, getClientsArrow }] = await Promise.all([
    import('../../lib/db'),
    import('../../lib/clients/get-clients'),
  ]);
  try {
    // The filters as the API takes them (a bad one fails here, as it would answer 400 there).
    const filter = clientListFilterSchema.parse(Object.fromEntries(new URLSearchParams(values.query)));
    const scope = { login: 'bench', role: 'executive' as const };
    const opts = { ...filter, limit, offset: 0, sort: 'name' as const, dir: 'asc' as const };
    const [size] = await query<{ clients: number }>('SELECT count(*)::INTEGER AS clients FROM clients');

    const first = await getClientsArrow(scope, opts);
    const arrowMs = await timeRuns('Arrow', runs, () => getClientsArrow(scope, opts));
    let jsonText = '';
    const jsonMs = await timeRuns('JSON', runs, async () => {
      const r = await getClients(scope, opts);
      jsonText = JSON.stringify({ rows: r.rows, total: r.total, limit, offset: 0 });
    });
    const json = Buffer.from(jsonText, 'utf8');
    progress('gzip');
    const gzArrow = zlib.gzipSync(first.bytes).byteLength;
    const gzJson = zlib.gzipSync(json).byteLength;
    progress('браузер');
    const b = await browserDecode(first.bytes, json, browserRuns);
    progress('');
    if (b.arrowRows !== first.rows || b.jsonRows !== first.rows) throw new Error(`строк: Arrow ${b.arrowRows}, JSON ${b.jsonRows}, ожидалось ${first.rows}`);

    const what = `${fmt(size.clients)} клиентов, ${values.query ? `\`?${values.query}&\`` : ''}\`limit=${limit}\`, по названию → ${fmt(first.rows)} строк из ${fmt(first.total)}`;
    const load = os.loadavg()[0];
    const table = [
      `### ${new Date().toISOString().slice(0, 10)}: ${what}`,
      '',
      `Сервер: ${runs} прогонов после прогрева, роль executive, без HTTP; браузер: Chromium ${b.version}, ${browserRuns} прогонов. ${os.cpus().length} ядра, Node ${process.version}, load average ${fmt(load, 1)} в конце (машина общая).`,
      '',
      '| формат | байт | gzip -6 | сервер p50, мс | сервер p95, мс | браузер: разбор p50, мс | браузер p95, мс |',
      '|---|---:|---:|---:|---:|---:|---:|',
      `| Arrow IPC (getter + кодирование; \`tableFromIPC\` + \`clientRowsFromArrow\`) | ${mb(first.bytes.byteLength)} | ${mb(gzArrow)} | ${fmt(percentile(arrowMs, 50))} | ${fmt(percentile(arrowMs, 95))} | ${fmt(percentile(b.arrowDecode, 50), 1)} | ${fmt(percentile(b.arrowDecode, 95), 1)} |`,
      `| JSON (getter + \`JSON.stringify\`; \`JSON.parse\`) | ${mb(json.byteLength)} | ${mb(gzJson)} | ${fmt(percentile(jsonMs, 50))} | ${fmt(percentile(jsonMs, 95))} | ${fmt(percentile(b.jsonParse, 50), 1)} | ${fmt(percentile(b.jsonParse, 95), 1)} |`,
      '',
    ].join('\n');
    const file = path.join(here, 'CLIENTS-LIST.md');
    if (!values['no-append']) {
      if (!fs.existsSync(file)) {
        fs.writeFileSync(file, [
          '# Client list benchmark: Arrow IPC vs JSON',
          '',
          'Appended by `scripts/bench/clients-list.ts` (usage in its header). Server: the route\'s own getter',
          'on the warehouse opened directly, executive scope, sorted by name, after one warm-up call — for',
          'Arrow `getClientsArrow` (read + encode), for JSON `getClients` + `JSON.stringify`. Browser: the',
          'same bytes decoded to row objects in Debian\'s Chromium — Arrow with the bundled apache-arrow and',
          '`clientRowsFromArrow` (lib/arrow/client-rows.ts), exactly as the Клиенты page does, JSON with `JSON.parse`. "gzip -6" is what a',
          'compressing reverse proxy would send (the route itself cannot compress: Next drops a route',
          "handler's Content-Encoding).",
          '', '',
        ].join('\n'));
      }
      fs.appendFileSync(file, `${table}\n`);
    }
    process.stdout.write(`\n${table}\n`);
    return 0;
  } finally {
    await closeDb();
  }
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`\nclients-list: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
