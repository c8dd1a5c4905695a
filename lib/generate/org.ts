// The small tables: teams, specialists (with a "discipline" trait that drives how on time they
// call, enter data, keep agreements and react to threats) and materials (talking points).
import { contract } from '../load/contract';
import { MIN_PER_DAY, nextWorkingDay } from './calendar';
import { Rng } from './prng';
import { T, type Cell, type ExtractRouter } from './router';
import { fullName, latin, makePerson, segments, type Segment } from './vocab';

export interface Spec {
  idx: number;
  id: string;
  team: number;
  /** 0..1: share-like trait; high = calls on time, enters data the same day, reacts to threats in hours. */
  discipline: number;
  hiredOn: number;
  /** Day the specialist left (active becomes 0); their clients pass to `successor`. */
  leftOn?: number;
  successor?: number;
}

export interface World {
  seed: number;
  clients: number;
  firstMi: number;
  asOfMi: number;
  firstDay: number;
  asOfDay: number;
  /** Minute of the last extract's cutoff: nothing known later is generated into any extract. */
  endCutoff: number;
  specs: Spec[];
  originals: number;
  idWidth: number;
  /** How invoices are issued: `start` on the month's first working days, `spread` on any day on net terms. */
  billing: Billing;
}

/**
 * `start`: invoices on the month's first working days, due on the 10th (or 20th), paid by the
 * client's behaviour (the default, the shape the product was first built on). `spread`: invoices
 * on any working day with net-15/30/45 terms, paid around the due date with each client's own
 * lateness, as real B2B receivables are.
 */
export type Billing = 'start' | 'spread';
export const billingKinds = ['start', 'spread'] as const satisfies readonly Billing[];

const EARLY = -1e9; // "known since before any extract"

const phoneOf = (rng: Rng) => `+7 (9${rng.digits(2)}) ${rng.digits(3)}-${rng.digits(2)}-${rng.digits(2)}`;

/** Build specialists (and the successors hired for those who leave) and write teams and specialists. */
export function buildStaff(w: Omit<World, 'specs' | 'originals'>, out: ExtractRouter): { specs: Spec[]; originals: number } {
  const rng = new Rng(w.seed, 11);
  const nSpec = Math.max(3, Math.round(w.clients / 40));
  const nTeams = Math.max(1, Math.round(nSpec / 8));
  const teamBase: number[] = [];
  for (let t = 0; t < nTeams; t++) {
    const head = makePerson(rng);
    teamBase.push(rng.range(0.35, 0.85));
    const tid = `T${String(t + 1).padStart(3, '0')}`;
    const kind = ['Отдел сопровождения', 'Отдел продаж', 'Группа ключевых клиентов', 'Отдел регионов'][t % 4];
    out.row(T.teams, EARLY, [tid, `${kind} №${t + 1}`, rng.chance(0.95) ? fullName(head) : null]);
  }
  const specs: Spec[] = [];
  const pad = Math.max(4, String(nSpec * 2).length);
  const sid = (i: number) => `S${String(i + 1).padStart(pad, '0')}`;
  for (let i = 0; i < nSpec; i++) {
    const team = Math.min(nTeams - 1, Math.floor((i * nTeams) / nSpec));
    const discipline = Math.min(0.98, Math.max(0.05, teamBase[team] + rng.normal() * 0.15));
    specs.push({ idx: i, id: sid(i), team, discipline, hiredOn: w.firstDay - rng.int(60, 3650) });
  }
  // About 8% leave during the history; a successor joins the same team shortly before.
  for (let i = 0; i < nSpec; i++) {
    if (!rng.chance(0.08)) continue;
    const leftOn = nextWorkingDay(rng.int(w.firstDay + 60, Math.max(w.firstDay + 61, w.asOfDay - 5)));
    const s = specs.length;
    specs.push({ idx: s, id: sid(s), team: specs[i].team, discipline: Math.min(0.95, Math.max(0.1, teamBase[specs[i].team] + rng.normal() * 0.15)),
      hiredOn: nextWorkingDay(leftOn - rng.int(3, 25)) });
    specs[i].leftOn = leftOn;
    specs[i].successor = s;
  }
  for (const s of specs) {
    const p = makePerson(rng);
    const email = rng.chance(0.9) ? `${latin(p.first)[0]}.${latin(p.surname)}@company.ru` : null;
    const row = (active: number): Cell[] => [s.id, fullName(p), `T${String(s.team + 1).padStart(3, '0')}`, email,
      rng.chance(0.8) ? phoneOf(rng) : null, s.hiredOn, active];
    const known = s.hiredOn < w.firstDay ? EARLY : s.hiredOn * MIN_PER_DAY + 9 * 60;
    if (s.leftOn === undefined) out.row(T.specialists, known, row(1));
    else {
      const a = row(1);
      const b = a.slice();
      b[6] = 0;
      out.versions(T.specialists, [known, s.leftOn * MIN_PER_DAY + 18 * 60], [a, b]);
    }
  }
  return { specs, originals: nSpec };
}

const materialTitles = ['Изменения по НДС: что важно для сегмента «{s}»', 'Чек-лист подготовки к проверке ({t})',
  'Новые формы отчётности: {t}', 'Судебная практика месяца: {s}', 'Кадровые изменения: памятка для сегмента «{s}»',
  'Как сократить налоговые риски на {t}', 'Обзор писем Минфина для {t}', 'Календарь бухгалтера: ключевые даты',
  'Маркировка и онлайн-кассы: что изменилось', 'Госзакупки: новые правила', 'Электронные больничные и пособия',
  'Единый налоговый счёт: частые ошибки', 'Семинар: годовая отчётность ({t})', 'Трудовые договоры: типовые ошибки ({s})'];

/** About 100 talking points by segment and tax system, published over the history. */
export function writeMaterials(w: World, out: ExtractRouter): void {
  const rng = new Rng(w.seed, 13);
  const span = Math.max(1, w.asOfDay - w.firstDay);
  const n = Math.max(30, Math.round((100 * Math.min(36, w.asOfMi - w.firstMi + 1)) / 24));
  const taxes = contract.clients.columns.find((c) => c.name === 'tax_system')!.values!;
  for (let i = 0; i < n; i++) {
    // Spread evenly over the history, with the last few in the final days so deltas carry some.
    const day = i >= n - 3 ? w.asOfDay - (n - 1 - i) : w.firstDay + Math.floor((span * i) / n) + rng.int(0, 5);
    const pub = Math.min(w.asOfDay, nextWorkingDay(day));
    const seg: Segment | null = rng.chance(0.75) ? rng.pick(segments) : null;
    const tax = rng.chance(0.6) ? rng.pick(taxes) : null;
    const title = rng.pick(materialTitles).replace('{s}', seg ?? 'все отрасли').replace('{t}', tax ?? 'все режимы');
    const id = `M${String(i + 1).padStart(4, '0')}`;
    out.row(T.materials, pub * MIN_PER_DAY + 7 * 60 + rng.int(0, 50), [id, title, pub, seg, tax,
      rng.chance(0.85) ? `https://portal.example.ru/materials/${i + 1}` : null,
      rng.chance(0.7) ? `Кратко: ${title.toLowerCase()}. Что сделать клиенту и к какому сроку.` : null]);
  }
}
