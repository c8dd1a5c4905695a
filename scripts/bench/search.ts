// Client search benchmark: index build time, then p50/p95 (ms, warm) of searchClients per query
// kind, for the executive scope and for one specialist (the one with the most clients), with
// queries drawn from the data (seeded). Appends a Markdown table to scripts/bench/SEARCH.md.
// --synth N first fills an empty DATA_DIR with N synthetic clients (no contacts, no facts), made
// with DuckDB SQL: realistic Russian organisation and entrepreneur names, INN, phones in the
// formats CRMs write them, contract numbers; that is the 30,000,000-client case of issue 4.
// Usage: npx tsx scripts/bench/search.ts --data-dir <dir> [--synth 30000000] [--queries 40] [--runs 3]
//        [--seed 1] [--memory-limit 8GB] [--no-rebuild] [--no-append]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { feminineSurname, maleFirst, regions, surnames } from '../../lib/generate/vocab';
import { openBenchData } from '../../lib/bench/open-data';

const usage = 'Usage: npx tsx scripts/bench/search.ts --data-dir <dir> [--synth N] [--queries 40] [--runs 3] [--seed 1] [--memory-limit 8GB] [--no-rebuild] [--no-append]';
const here = path.dirname(__filename);

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const fmt = (n: number, d = 1) => n.toLocaleString('ru-RU', { maximumFractionDigits: d, minimumFractionDigits: d });
const int = (n: number) => Math.round(n).toLocaleString('ru-RU');
const progress = (s: string) => { if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${s}`); };
const say = (s: string) => process.stderr.write(`${s}\n`);

// Words of synthetic organisation names (the generator's style: «Вектор-Строй», «Агро Надежда»).
const orgWords = ['Баланс', 'Аудит', 'Финэксперт', 'Главбух', 'Счетовод', 'Лекс', 'Фемида', 'Арбитр', 'Легис', 'Продторг', 'Оптовик',
  'Маркет', 'Снабженец', 'Универсам', 'Колос', 'Ассорти', 'Гастроном', 'Лавка', 'Механика', 'Промресурс', 'Металлист', 'Пластмаш',
  'Станкомаш', 'Текстильщик', 'Стройинвест', 'Монолит', 'Спецстрой', 'Стройдом', 'Фундамент', 'Мостострой', 'Отделка', 'Медцентр',
  'Стоматология', 'Диагностика', 'Аптека', 'Медлайн', 'Агро', 'Нива', 'Агрофирма', 'Племзавод', 'Хлебороб', 'Сервис', 'Клининг',
  'Ремонт', 'Гостиница', 'Типография', 'Салон', 'Софт', 'Инфосистемы', 'Цифра', 'Интеграл', 'Трансавто', 'Логистик', 'Автобаза',
  'Экспедитор', 'Таксопарк', 'Академия', 'Колледж', 'Север', 'Восток', 'Волга', 'Урал', 'Сибирь', 'Альфа', 'Вектор', 'Гранит',
  'Меридиан', 'Орион', 'Прогресс', 'Регион', 'Союз', 'Стандарт', 'Импульс', 'Горизонт', 'Эталон', 'Партнёр', 'Атлант', 'Заря',
  'Лидер', 'Магистраль', 'Ресурс', 'Сфера', 'Феникс', 'Квант', 'Континент', 'Виктория', 'Аврора', 'Светоч', 'Берёзка', 'Дружба',
  'Надежда', 'Сокол', 'Парус', 'Ромашка', 'Рассвет', 'Вершина', 'Кедр', 'Полюс', 'Омега', 'Дельта', 'Гамма', 'Триада', 'Эверест'];
const initials = 'АБВГДЕЖЗИКЛМНОПРСТУФЭЮЯ';
const cityCodes = ['495', '499', '812', '343', '383', '843', '861', '846', '863', '351'];

/**
 * N clients straight into an empty warehouse with SQL: 26 % entrepreneurs «ИП Фамилия И.О.», the
 * rest «ООО/АО/ПАО/АНО «Слово Слово»»; INN 10 digits (12 for ИП) starting with a region code;
 * 88 % have a phone, written like the generator writes them (+7 (9xx) xxx-xx-xx mostly, city
 * numbers, +79…, 8 9xx …); contract Д-<year>/<number>; 3,000 specialists in 100 teams. Every
 * value comes from hash(i, k): the same N gives the same company.
 */
async function synthesize(n: number, q: (sql: string, p?: Record<string, unknown>) => Promise<unknown[]>): Promise<void> {
  const specs = 3000;
  const teams = 100;
  say(`синтез: ${int(n)} клиентов…`);
  const started = performance.now();
  await q(`INSERT INTO teams (team_id, name, _extract_id) SELECT 'T' || lpad(i::VARCHAR, 3, '0'), 'Отдел ' || i, 'synth' FROM range(1, ${teams + 1}) t(i)`);
  await q(`INSERT INTO specialists (specialist_id, full_name, team_id, active, _extract_id)
    SELECT 'S' || lpad(i::VARCHAR, 5, '0'), $sur[1 + (hash(i, 1) % len($sur))::BIGINT] || ' ' || $first[1 + (hash(i, 2) % len($first))::BIGINT],
      'T' || lpad((1 + i % ${teams})::VARCHAR, 3, '0'), 1, 'synth' FROM range(1, ${specs + 1}) t(i)`, { sur: surnames, first: maleFirst });
  const d = (k: number, width: number) => `lpad((hash(i, ${k}) % ${10 ** width})::VARCHAR, ${width}, '0')`;
  await q(/* sql */ `
INSERT INTO clients (client_id, name, inn, contract_no, contract_start, specialist_id, status, phone, region, _extract_id)
SELECT 'C' || lpad(i::VARCHAR, 8, '0') AS client_id,
  CASE WHEN ip THEN 'ИП ' || CASE WHEN female THEN $fsur[1 + (hash(i, 11) % len($fsur))::BIGINT] ELSE $msur[1 + (hash(i, 11) % len($msur))::BIGINT] END
      || ' ' || $ini[1 + (hash(i, 12) % len($ini))::BIGINT] || '.' || $ini[1 + (hash(i, 13) % len($ini))::BIGINT] || '.'
    ELSE ['ООО', 'ООО', 'ООО', 'ООО', 'ООО', 'ООО', 'АО', 'ПАО', 'АНО'][1 + (hash(i, 14) % 9)::BIGINT] || ' «' || $w[1 + (hash(i, 15) % len($w))::BIGINT]
      || CASE hash(i, 16) % 4 WHEN 0 THEN ' ' || $w[1 + (hash(i, 17) % len($w))::BIGINT] WHEN 1 THEN '-' || $w[1 + (hash(i, 17) % len($w))::BIGINT]
           WHEN 2 THEN ' №' || (1 + hash(i, 17) % 99) ELSE '' END || '»'
  END AS name,
  CASE WHEN hash(i, 20) % 100 < 3 THEN NULL
    WHEN ip THEN $reg[1 + (hash(i, 21) % len($reg))::BIGINT] || ${d(22, 10)} ELSE $reg[1 + (hash(i, 21) % len($reg))::BIGINT] || ${d(22, 8)} END AS inn,
  'Д-' || (2010 + hash(i, 30) % 17) || '/' || lpad(i::VARCHAR, 8, '0') AS contract_no,
  DATE '2010-01-01' + (hash(i, 31) % 6000)::INTEGER AS contract_start,
  'S' || lpad((1 + hash(i, 40) % ${specs})::VARCHAR, 5, '0') AS specialist_id,
  'active' AS status,
  CASE WHEN hash(i, 50) % 100 >= 88 THEN NULL
    WHEN hash(i, 51) % 100 < 80 THEN '+7 (9' || ${d(52, 2)} || ') ' || ${d(53, 3)} || '-' || ${d(54, 2)} || '-' || ${d(55, 2)}
    WHEN hash(i, 51) % 100 < 90 THEN '+7 (' || $city[1 + (hash(i, 56) % len($city))::BIGINT] || ') ' || ${d(53, 3)} || '-' || ${d(54, 2)} || '-' || ${d(55, 2)}
    WHEN hash(i, 51) % 100 < 95 THEN '+79' || ${d(52, 2)} || ${d(53, 3)} || ${d(54, 2)} || ${d(55, 2)}
    ELSE '8 9' || ${d(52, 2)} || ' ' || ${d(53, 3)} || ' ' || ${d(54, 2)} || ' ' || ${d(55, 2)} END AS phone,
  $regName[1 + (hash(i, 21) % len($reg))::BIGINT] AS region,
  'synth' AS _extract_id
-- range() yields i in order, and the insert keeps it: no sort needed for client_id order.
FROM (SELECT i, hash(i, 10) % 100 < 26 AS ip, hash(i, 18) % 100 < 55 AS female FROM range(1, $n + 1) t(i))`, {
    n, ini: [...initials], w: orgWords, city: cityCodes,
    msur: surnames, fsur: surnames.map(feminineSurname), reg: regions.map((r) => r[1]), regName: regions.map((r) => r[0]),
  });
  await q(`INSERT INTO load_log (extract_id, as_of, started_at, finished_at, outcome, message)
    VALUES ('synth', DATE '2026-11-20', current_localtimestamp(), current_localtimestamp(), 'applied', 'synthetic clients for the search benchmark')`);
  await q('CHECKPOINT');
  say(`синтез: ${fmt((performance.now() - started) / 1000)} с`);
}

type Kind = 'phone' | 'phone4' | 'contract' | 'inn' | 'name' | 'surname' | 'initials' | 'typo';
const kinds: Array<{ kind: Kind; label: string }> = [
  { kind: 'phone', label: 'телефон целиком (другой формат)' },
  { kind: 'phone4', label: 'телефон, последние 4 цифры' },
  { kind: 'contract', label: 'договор' },
  { kind: 'inn', label: 'ИНН' },
  { kind: 'name', label: 'название организации' },
  { kind: 'surname', label: 'фамилия' },
  { kind: 'initials', label: 'фамилия + инициалы' },
  { kind: 'typo', label: 'фамилия с опечаткой' },
];

interface Drawn { q: string; clientId: string }

/** Another way of writing a stored phone: 8XXXXXXXXXX, +7 XXX XXX-XX-XX or 8 (XXX) XXX XX XX, by turns. */
function reformat(phone: string, i: number): string | null {
  let d = phone.replace(/\D/g, '');
  if (d.length === 11 && (d[0] === '7' || d[0] === '8')) d = d.slice(1);
  if (d.length !== 10) return null;
  const f = [`8${d}`, `+7 ${d.slice(0, 3)} ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`, `8 (${d.slice(0, 3)}) ${d.slice(3, 6)} ${d.slice(6, 8)} ${d.slice(8)}`];
  return f[i % f.length];
}

/** One letter of a word changed (middle letter → a neighbour on the keyboard row), deterministically. */
function typo(word: string, i: number): string {
  const cs = [...word];
  const at = 1 + (i % Math.max(1, cs.length - 2));
  const swap = 'йцукенгшщзхъфывапролджэячсмитьбю';
  const k = swap.indexOf(cs[at].toLowerCase());
  const repl = swap[(k + 1) % swap.length] ?? 'о';
  if (i % 3 === 1) cs.splice(at, 1); // a letter missed
  else if (i % 3 === 2 && at + 1 < cs.length) [cs[at], cs[at + 1]] = [cs[at + 1], cs[at]]; // two letters swapped
  else cs[at] = repl; // a wrong letter
  return cs.join('');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' }, synth: { type: 'string' }, queries: { type: 'string', default: '40' }, runs: { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' }, 'memory-limit': { type: 'string' }, 'no-rebuild': { type: 'boolean', default: false }, 'no-append': { type: 'boolean', default: false },
    },
  });
  const nq = Number(values.queries);
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  const synth = values.synth ? Number(values.synth.replace(/_/g, '')) : null;
  if (!values['data-dir'] || !Number.isInteger(nq) || nq < 1 || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)
    || (synth !== null && !(Number.isInteger(synth) && synth > 0))) {
    say(usage);
    return 2;
  }
  const dataDir = path.resolve(values['data-dir']);
  if (!(await openBenchData(dataDir, 'search')) && !synth) {
    say(`search: в ${dataDir} нет данных (ни snapshots/current.json, ни warehouse.duckdb)\n${usage}`);
    return 2;
  }
  process.env.DATA_DIR = dataDir;
  const [{ closeDb, query }, { derivedEntry, reconcileDerivedNow }, { searchClients }, { editDistance }] = await Promise.all([
    import('../../lib/db'), import('../../lib/derived/registry'), import('../../lib/search/search-clients'), import('../../lib/search/normalize'),
  ]);
  const SEARCH = derivedEntry('search index');
  type Scope = Parameters<typeof searchClients>[0]['scope'];
  const q = (sql: string, p: Record<string, unknown> = {}) => query(sql, p);

  try {
    // A shared machine: cap DuckDB's memory for the big builds (it spills to disk beyond it).
    if (values['memory-limit']) {
      if (!/^\d+(\.\d+)?\s*[KMG]i?B$/i.test(values['memory-limit'])) throw new Error(`--memory-limit: например 8GB, не «${values['memory-limit']}»`);
      await query(`SET memory_limit = '${values['memory-limit']}'`);
    }
    const load0 = os.loadavg()[0];
    if (synth) {
      const [{ n }] = await query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM clients');
      if (n === 0) await synthesize(synth, q);
      else if (n !== synth) throw new Error(`в ${dataDir} уже ${n} клиентов, не ${synth}`);
    }
    // Build (or rebuild) the index alone, timed, through the registry as the loader does (the
    // synthetic company has only clients and contacts); --no-rebuild builds it only if missing.
    if (!values['no-rebuild']) await query(`DELETE FROM mart_state WHERE name = $n`, { n: SEARCH.version });
    progress('индекс…');
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    await reconcileDerivedNow({ only: [SEARCH.name] });
    const buildMs = performance.now() - t0;
    const [state] = await query<{ ms: number | null }>(`SELECT build_ms::INTEGER AS ms FROM mart_state WHERE name = $n`, { n: SEARCH.version });
    const [size] = await query<{ clients: number; contacts: number; postings: number; deletes: number }>(`
      SELECT (SELECT count(*) FROM clients)::INTEGER AS clients, (SELECT count(*) FROM contacts)::INTEGER AS contacts,
             (SELECT count(*) FROM search_postings)::INTEGER AS postings, (SELECT count(*) FROM search_deletes)::INTEGER AS deletes`);
    const [disk] = await query<{ blocks: number; blockSize: number }>(
      `SELECT sum(total_blocks)::BIGINT AS blocks, max(block_size)::BIGINT AS "blockSize" FROM pragma_database_size()`);
    say(`индекс: ${fmt(buildMs / 1000)} с (${int(size.postings)} терминов, ${int(size.deletes)} строк опечаток)`);

    const [spec] = await query<{ id: string; n: number }>(
      `SELECT specialist_id AS id, count(*)::INTEGER AS n FROM clients WHERE specialist_id IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT 1`);
    const scopes: Array<{ label: string; scope: Scope; where: string }> = [
      { label: 'executive', scope: { login: 'bench', role: 'executive' }, where: 'TRUE' },
      { label: `specialist (${int(spec.n)} клиентов)`, scope: { login: 'bench', role: 'specialist', specialistId: spec.id }, where: 'c.specialist_id = $spec' },
    ];

    // Draw queries from the data: seeded order (hash of the id and the seed), first n that fit.
    const draw = async (where: string): Promise<Record<Kind, Drawn[]>> => {
      // Unused names cannot be bound: $spec only when the scope's condition uses it.
      const p = { seed, n: nq * 3, ...(where.includes('$spec') ? { spec: spec.id } : {}) };
      const order = 'ORDER BY hash(c.client_id, $seed), c.client_id LIMIT $n';
      const korder = 'ORDER BY hash(k.contact_id, $seed), k.contact_id LIMIT $n';
      const phones = await query<{ id: string; phone: string }>(
        `SELECT id, phone FROM (SELECT c.client_id AS id, c.phone FROM clients c WHERE ${where} AND c.phone IS NOT NULL ${order})
         UNION ALL SELECT * FROM (SELECT c.client_id, k.phone FROM contacts k JOIN clients c ON c.client_id = k.client_id WHERE ${where} AND k.phone IS NOT NULL ${korder})`, p);
      const cl = await query<{ id: string; name: string; inn: string | null; contract: string | null }>(
        `SELECT c.client_id AS id, c.name, c.inn, c.contract_no AS contract FROM clients c WHERE ${where} ${order}`, p);
      // People: contact persons (surname first) and entrepreneurs «ИП Фамилия И.О.».
      const people = await query<{ id: string; fio: string }>(
        `SELECT * FROM (SELECT c.client_id AS id, k.full_name AS fio FROM contacts k JOIN clients c ON c.client_id = k.client_id WHERE ${where} ${korder})
         UNION ALL SELECT * FROM (SELECT c.client_id, substr(c.name, 4) FROM clients c WHERE ${where} AND c.name LIKE 'ИП %' ${order})`, p);
      const pick = <T>(xs: T[], f: (x: T, i: number) => Drawn | null): Drawn[] =>
        xs.map(f).filter((x): x is Drawn => x !== null && x.q.trim().length >= 2).slice(0, nq);
      const surname = (fio: string) => fio.split(/\s+/)[0];
      const ini = (fio: string) => {
        const [s, ...rest] = fio.split(/\s+/);
        const letters = rest.join(' ').match(/\p{Lu}/gu) ?? [];
        return letters.length ? `${s} ${letters.map((l) => `${l}.`).join('')}` : null;
      };
      const vocab = new Set(people.map((x) => surname(x.fio).toLowerCase()));
      return {
        phone: pick(phones, (x, i) => { const r = reformat(x.phone, i); return r ? { q: r, clientId: x.id } : null; }),
        phone4: pick(phones, (x) => ({ q: x.phone.replace(/\D/g, '').slice(-4), clientId: x.id })),
        contract: pick(cl, (x) => (x.contract ? { q: x.contract, clientId: x.id } : null)),
        inn: pick(cl, (x) => (x.inn ? { q: x.inn, clientId: x.id } : null)),
        name: pick(cl.filter((x) => !x.name.startsWith('ИП ')), (x) => ({ q: x.name, clientId: x.id })),
        surname: pick(people, (x) => ({ q: surname(x.fio), clientId: x.id })),
        initials: pick(people, (x) => { const s = ini(x.fio); return s ? { q: s, clientId: x.id } : null; }),
        typo: pick(people, (x, i) => {
          const s = surname(x.fio);
          const t = typo(s, i);
          // A real typo: one edit away, and not another surname that exists.
          return editDistance(t.toLowerCase(), s.toLowerCase()) === 1 && !vocab.has(t.toLowerCase()) ? { q: t, clientId: x.id } : null;
        }),
      };
    };

    const lines: string[] = [];
    const slow: string[] = [];
    const target = size.clients >= 10_000_000 ? 200 : 50;
    for (const s of scopes) {
      const drawn = await draw(s.where);
      for (const { kind, label } of kinds) {
        const qs = drawn[kind];
        if (!qs.length) continue;
        for (const d of qs) await searchClients({ q: d.q, scope: s.scope }); // warm-up
        const ms: number[] = [];
        let rows = 0;
        let found = 0;
        for (let r = 0; r < runs; r++) {
          for (const [i, d] of qs.entries()) {
            progress(`${s.label} · ${label}: ${r + 1}/${runs} · ${i + 1}/${qs.length}`);
            const t = performance.now();
            const res = await searchClients({ q: d.q, scope: s.scope });
            ms.push(performance.now() - t);
            if (r === 0) {
              rows += res.length;
              if (res.some((x) => x.id === d.clientId)) found++;
            }
          }
        }
        ms.sort((a, b) => a - b);
        const p95 = percentile(ms, 95);
        if (p95 > target) slow.push(`${s.label} ${label}`);
        lines.push(`| ${s.label} | ${label} | \`${qs[0].q.replace(/\|/g, '\\|')}\` | ${qs.length} | ${fmt(percentile(ms, 50))} | ${fmt(p95)} | ${fmt(ms[ms.length - 1])} | ${fmt(rows / qs.length)} | ${Math.round((100 * found) / qs.length)} % |`);
      }
    }
    progress('');
    const rssAfter = process.memoryUsage().rss;
    const load1 = os.loadavg()[0];

    const table = [
      `### ${new Date().toISOString().slice(0, 10)}: ${int(size.clients)} клиентов, ${int(size.contacts)} контактных лиц${synth ? ' (синтетика --synth, только клиенты)' : ''}`,
      '',
      `Индекс: ${values['no-rebuild'] ? `не перестраивался (--no-rebuild; последнее построение ${fmt((state?.ms ?? 0) / 1000)} с)` : `построение ${fmt(buildMs / 1000)} с (из них SQL ${fmt((state?.ms ?? buildMs) / 1000)} с)`}, ${int(size.postings)} строк search_postings, ${int(size.deletes)} строк search_deletes; файл хранилища ${fmt((disk.blocks * disk.blockSize) / 2 ** 30)} ГиБ целиком. RSS процесса ${int(rssBefore / 2 ** 20)} → ${int(rssAfter / 2 ** 20)} МиБ.`,
      `${runs} прогона каждого запроса после прогрева; запросы взяты из данных (seed ${seed}), лимит 20; ${os.cpus().length} ядра, ${Math.round(os.totalmem() / 2 ** 30)} ГиБ, Node ${process.version}; машина общая: load average ${fmt(load0, 2)} в начале, ${fmt(load1, 2)} в конце. Цель p95 ≤ ${target} мс.`,
      '',
      '| роль | запрос | пример | запросов | p50, мс | p95, мс | max, мс | строк в ответе (ср.) | исходный клиент найден |',
      '|---|---|---|---:|---:|---:|---:|---:|---:|',
      ...lines, '',
    ].join('\n');
    process.stdout.write(`\n${table}\n`);
    process.stdout.write(slow.length ? `p95 > ${target} мс: ${slow.join(', ')}\n` : `все p95 ≤ ${target} мс\n`);
    if (!values['no-append']) {
      const file = path.join(here, 'SEARCH.md');
      if (!fs.existsSync(file)) {
        fs.writeFileSync(file, [
          '# Client search benchmark',
          '',
          'Appended by `npx tsx scripts/bench/search.ts --data-dir <dir> [--synth N]`. Each query is',
          "`searchClients` (what GET /api/v1/clients/search calls) on the warehouse opened directly;",
          'HTTP and the API-key lookup are not included. Targets (issue 4): p95 ≤ 50 ms at 1,000,000',
          'clients and their contacts, ≤ 200 ms at 30,000,000 clients.',
          '', '',
        ].join('\n'));
      }
      fs.appendFileSync(file, `${table}\n`);
    }
    return 0;
  } finally {
    await closeDb();
  }
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`\nsearch: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
