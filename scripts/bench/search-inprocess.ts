// What an in-process search index would cost in the Node heap: builds a compact one (typed arrays
// where possible) for N synthetic clients shaped like scripts/bench/search.ts --synth makes them,
// measures heap and RSS, and extrapolates linearly to 30,000,000. The answer to "why not keep the
// index in the app process" in scripts/bench/SEARCH.md. Nothing is written; no warehouse is opened.
// Usage: node --max-old-space-size=8192 node_modules/tsx/dist/cli.mjs scripts/bench/search-inprocess.ts [--clients 3000000]
import { parseArgs } from 'node:util';
import { feminineSurname, surnames } from '../../lib/generate/vocab';
import { nameWords } from '../../lib/search/normalize';

const mib = (b: number) => `${Math.round(b / 2 ** 20).toLocaleString('ru-RU')} МиБ`;
const gib = (b: number) => `${(b / 2 ** 30).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} ГиБ`;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Deterministic pseudo-random integers (xorshift32). */
function rng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x % n;
  };
}

const words = ['Баланс', 'Аудит', 'Вектор', 'Гранит', 'Меридиан', 'Орион', 'Прогресс', 'Регион', 'Союз', 'Стандарт', 'Импульс', 'Горизонт',
  'Эталон', 'Партнёр', 'Атлант', 'Заря', 'Лидер', 'Магистраль', 'Ресурс', 'Сфера', 'Феникс', 'Квант', 'Континент', 'Стройинвест', 'Монолит'];

function main(): void {
  const { values } = parseArgs({ options: { clients: { type: 'string', default: '3000000' } } });
  const n = Number(values.clients);
  if (!Number.isInteger(n) || n < 1000) throw new Error('--clients: целое ≥ 1000');
  const r = rng(7);
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const started = performance.now();

  // Shown in results: the client's name (ids are the array index here; real ones are strings too).
  const names: string[] = new Array(n);
  const ids: string[] = new Array(n);
  const specialist = new Uint16Array(n);
  // Word → client indexes (postings), grown as arrays, then frozen into Uint32Array.
  const postings = new Map<string, number[]>();
  // Phones (reversed national digits) and INN as numbers, contract keys as strings; each sorted
  // with the client index beside it, for binary search by prefix.
  const phoneKeys: number[] = [];
  const phoneIdx: number[] = [];
  const innKeys: number[] = [];
  const innIdx: number[] = [];
  const contracts: string[] = new Array(n);

  for (let i = 0; i < n; i++) {
    const ip = r(100) < 26;
    const sur = surnames[r(surnames.length)];
    const name = ip ? `ИП ${r(2) ? feminineSurname(sur) : sur} ${'АБВГДЕИКЛМНОПРС'[r(15)]}.${'АБВГДЕИКЛМНОПРС'[r(15)]}.`
      : `ООО «${words[r(words.length)]}${r(2) ? ` ${words[r(words.length)]}` : ''}»`;
    names[i] = name;
    ids[i] = `C${String(i + 1).padStart(8, '0')}`;
    specialist[i] = r(3000);
    for (const w of nameWords(name)) {
      if (w.length < 2) continue;
      let p = postings.get(w);
      if (!p) postings.set(w, (p = []));
      p.push(i);
    }
    if (r(100) < 88) {
      phoneKeys.push(Number(String(9_000_000_000 + r(1_000_000_000)).split('').reverse().join('')));
      phoneIdx.push(i);
    }
    if (r(100) < 97) {
      innKeys.push(ip ? 770_000_000_000 + r(1_000_000_000) * 100 + r(100) : 7_700_000_000 + r(100_000_000));
      innIdx.push(i);
    }
    contracts[i] = `${2010 + r(17)}${String(i + 1).padStart(8, '0')}`;
  }
  const frozen = new Map<string, Uint32Array>();
  for (const [w, p] of postings) frozen.set(w, Uint32Array.from(p));
  postings.clear();
  const sortPairs = (keys: number[], idx: number[]) => {
    const order = Uint32Array.from(keys.keys()).sort((a, b) => keys[a] - keys[b]);
    return { keys: Float64Array.from(order, (o) => keys[o]), idx: Uint32Array.from(order, (o) => idx[o]) };
  };
  const phones = sortPairs(phoneKeys, phoneIdx);
  const inns = sortPairs(innKeys, innIdx);
  phoneKeys.length = phoneIdx.length = innKeys.length = innIdx.length = 0;
  const contractOrder = Uint32Array.from(contracts.keys()).sort((a, b) => (contracts[a] < contracts[b] ? -1 : contracts[a] > contracts[b] ? 1 : 0));
  const ms = performance.now() - started;

  gc();
  const heap = process.memoryUsage().heapUsed - heap0;
  const ext = process.memoryUsage().arrayBuffers;
  const rss = process.memoryUsage().rss - rss0;
  const perClient = (heap + ext) / n;
  const lines = [
    `${n.toLocaleString('ru-RU')} клиентов в процессе Node: построение ${(ms / 1000).toFixed(1)} с (из памяти, без чтения из DuckDB)`,
    `куча ${mib(heap)} + типизированные массивы ${mib(ext)} = ${Math.round(perClient)} байт на клиента; RSS +${mib(rss)}`,
    `линейно на 30 000 000 клиентов: ≈ ${gib(perClient * 30_000_000)} (без контактных лиц)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  // Keep the structures alive until measured.
  if (frozen.size + phones.idx.length + inns.idx.length + contractOrder.length + specialist.length + names.length + ids.length < 0) process.stdout.write('');
}

main();
