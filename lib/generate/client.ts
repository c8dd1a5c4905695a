// One client's whole life, simulated from the history start to the as-of date and written through
// the router as versioned rows: contract, contacts, monthly invoices with payments by the client's
// payment behaviour, acts, sales lines, usage, the specialist's interactions and agreements
// (driven by the specialist's discipline), threats and churn. Everything comes from a PRNG keyed by
// (seed, client index), so a client's data never depends on how many others are generated.
import {
  MIN_PER_DAY, dayOfMonthIndex, daysInMonth, isWorkingDay, monthIndexOf, nextWorkingDay, nthWorkingDay, periodOf, prevWorkingDay, weekday, ymd,
} from './calendar';
import { makeInn } from './inn';
import type { Spec, World } from './org';
import { Rng } from './prng';
import { T, type Cell, type ExtractRouter } from './router';
import {
  agreementTexts, clientSpecifics, contactSpecifics, feedbackTexts, fullName, hotlineTopics, interactionOutcomes,
  interactionTopics, latin, makePerson, orgName, pickOrgForm, positions, regions, seminarTopics, segmentWeights, streets,
  threatDescriptions, type OrgForm, type Person, type Segment,
} from './vocab';

/** A holding (several legal entities) or a chain (one entity, outlets with parent_client_id). */
export interface Group {
  kind: 'holding' | 'chain';
  /** Index of the group's first client (the chain's parent). */
  first: number;
  size: number;
}

const EARLY = -1e9;
const H = 60;
const at = (day: number, minuteOfDay: number) => day * MIN_PER_DAY + minuteOfDay;
const dayOfMinute = (m: number) => Math.floor(m / MIN_PER_DAY);
const wd = nextWorkingDay;

type Behaviour = 'punctual' | 'tenth' | 'late25' | 'nextMonth' | 'chronic' | 'erratic';
type Profile = 'stable' | 'growing' | 'declining' | 'volatile' | 'seasonal';

interface Product { name: string; price: number; cost: number }
const TIERS: Product[] = [
  { name: 'Подписка Базовая', price: 4900, cost: 0.42 },
  { name: 'Подписка Проф', price: 9800, cost: 0.38 },
  { name: 'Подписка Корпоративная', price: 19800, cost: 0.35 },
];
const PLACE: Product = { name: 'Доп. рабочее место', price: 1900, cost: 0.15 };
const MODULES: Product[] = [
  { name: 'Модуль «Судебная практика»', price: 2500, cost: 0.3 },
  { name: 'Модуль «Отраслевой»', price: 3200, cost: 0.45 },
  { name: 'Горячая линия Премиум', price: 3900, cost: 0.65 },
];
const ONE_OFF: Product[] = [
  { name: 'Обучение пользователей', price: 12000, cost: 0.5 },
  { name: 'Семинар очный', price: 3500, cost: 0.55 },
];

/** Group-level traits shared by every member (segment, region, specialist, start, names). */
interface GroupTraits { segment: Segment; region: number; spec: number | null; start: number; holdingId: string; holdingName: string; inn: string; parentName: string; form: OrgForm }

function groupTraits(w: World, g: Group, cid: (i: number) => string): GroupTraits {
  const rng = new Rng(w.seed, 21, g.first);
  const segment = rng.weighted(segmentWeights);
  const region = rng.weighted(regions.map((r, i) => [i, r[2]] as const));
  const owner = makePerson(rng);
  const form: OrgForm = rng.chance(0.8) ? 'ООО' : 'АО';
  const word = orgName(rng, form, segment, owner).replace(/^\S+ «|»$/g, '');
  return {
    segment, region,
    spec: rng.chance(0.97) ? rng.int(0, w.originals - 1) : null,
    start: rng.chance(0.8) ? w.firstDay - rng.int(60, 3000) : rng.int(w.firstDay + 1, w.asOfDay - 1),
    holdingId: `H${cid(g.first).slice(1)}`,
    holdingName: `${rng.pick(['ГК', 'Холдинг', 'Группа компаний'])} «${word.split(' ')[0]}»`,
    inn: makeInn(rng, 'org', regions[region][1]),
    parentName: `${form} «${word}»`,
    form,
  };
}

const phone = (rng: Rng): string => {
  const r = rng.next();
  if (r < 0.8) return `+7 (9${rng.digits(2)}) ${rng.digits(3)}-${rng.digits(2)}-${rng.digits(2)}`;
  if (r < 0.9) return `+7 (${rng.pick(['495', '499', '812', '343', '383', '843', '861'])}) ${rng.digits(3)}-${rng.digits(2)}-${rng.digits(2)}`;
  if (r < 0.95) return `+79${rng.digits(9)}`;
  return `8 9${rng.digits(2)} ${rng.digits(3)} ${rng.digits(2)} ${rng.digits(2)}`;
};

const mailDomains = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru', 'list.ru'];

/** A specialist at a day: the assigned one, or their successor once they have left. */
function specAt(specs: Spec[], orig: number | null, day: number): Spec | null {
  if (orig === null) return null;
  const s = specs[orig];
  return s.leftOn !== undefined && day >= s.leftOn ? specs[s.successor!] : s;
}

/** A `spread` client's billing: its day of the month, its net terms and its lateness around the due date. */
interface SpreadTraits {
  terms: number;
  /** The working day of month `mi` the client is invoiced on. */
  issueIn(mi: number): number;
  /** The day an invoice due on `due` is paid, or null for never. */
  payDay(due: number): number | null;
}

function spreadTraits(rng: Rng, behaviour: Behaviour): SpreadTraits {
  const dom = rng.int(1, 28);
  const terms = rng.weighted([[15, 30], [30, 50], [45, 20]]);
  // The client's usual lateness in days after the due date (negative: early), by behaviour.
  const usual = behaviour === 'punctual' ? rng.int(-6, -1) : behaviour === 'tenth' ? rng.int(-1, 2)
    : behaviour === 'late25' ? rng.int(8, 20) : behaviour === 'nextMonth' ? rng.int(20, 40) : rng.int(0, 10);
  return {
    terms,
    issueIn(mi) {
      const first = dayOfMonthIndex(mi);
      const d = first + Math.min(daysInMonth(mi), Math.max(1, dom + rng.int(-2, 2))) - 1;
      const next = nextWorkingDay(d);
      return monthIndexOf(next) === mi ? next : prevWorkingDay(d);
    },
    payDay(due) {
      if (behaviour === 'chronic') return rng.chance(0.4) ? null : due + rng.int(20, 90);
      if (behaviour === 'erratic') return due + rng.int(-10, 45);
      return due + usual + rng.int(-4, 4);
    },
  };
}

/** Simulate client `i` and route all its rows. Returns nothing: rows are counted by the sinks. */
export function simulateClient(w: World, i: number, group: Group | null, out: ExtractRouter): void {
  const rng = new Rng(w.seed, 31, i);
  const pad = (n: number) => String(n + 1).padStart(w.idWidth, '0');
  const cid = (n: number) => `C${pad(n)}`;
  const num = pad(i);
  const id = cid(i);
  const g = group ? groupTraits(w, group, cid) : null;
  const { specs } = w;

  // ---- static traits
  const segment: Segment = g ? g.segment : rng.weighted(segmentWeights);
  const regionIdx = g ? g.region : rng.weighted(regions.map((r, k) => [k, r[2]] as const));
  const [regionName, regionCode] = regions[regionIdx];
  const owner = makePerson(rng);
  let form = g ? g.form : pickOrgForm(rng, segment);
  const isParent = group?.kind === 'chain' && group.first === i;
  const isOutlet = group?.kind === 'chain' && group.first !== i;
  let name: string;
  if (group?.kind === 'chain') {
    name = isParent ? g!.parentName : `${g!.parentName.replace(/^\S+ «|»$/g, '')}, ${rng.pick(['магазин', 'филиал', 'точка', 'аптека', 'салон'])} ${rng.pick(streets)}, ${rng.int(1, 120)}`;
  } else name = orgName(rng, form, segment, owner);
  if (group?.kind === 'holding') form = rng.chance(0.85) ? 'ООО' : 'АО';
  const isIp = form === 'ИП';
  const inn = group?.kind === 'chain' ? g!.inn : rng.chance(0.97) ? makeInn(rng, isIp ? 'person' : 'org', regionCode) : null;

  let start: number;
  if (g) start = isOutlet ? Math.min(w.asOfDay, Math.max(g.start, g.start + (g.start < w.firstDay ? -rng.int(0, 400) : rng.int(0, 120)))) : g.start;
  else if (rng.chance(0.78)) start = w.firstDay - rng.int(30, 3000);
  else start = rng.int(w.firstDay + 1, w.asOfDay);
  start = wd(start);
  const startKnown = start < w.firstDay ? EARLY : at(start, 9 * H + rng.int(0, 120));
  const origSpec = g ? g.spec : rng.chance(0.985) ? rng.int(0, w.originals - 1) : null;

  const big = form === 'АО' || form === 'ПАО' || form === 'ГБУ' || segment === 'Производство' || segment === 'Госсектор';
  let tier = rng.weighted([[0, isIp ? 70 : 45], [1, 38], [2, big ? 35 : isIp ? 2 : 12]]);
  let places = tier === 0 ? rng.int(0, 1) : tier === 1 ? rng.int(0, 3) : rng.int(1, 10);
  const mods = MODULES.map(() => rng.chance(0.25));
  const profile: Profile = rng.weighted([['stable', 55], ['growing', 15], ['declining', 12], ['volatile', 10], ['seasonal', segment === 'Сельское хозяйство' ? 40 : 8]]);
  const behaviour: Behaviour = rng.weighted([['punctual', 38], ['tenth', 28], ['late25', 12], ['nextMonth', segment === 'Госсектор' ? 30 : 8],
    ['chronic', 5], ['erratic', 8]]);
  const partialProne = rng.chance(0.1);
  const issueN = rng.chance(0.8) ? 1 : 2;
  const dueOn20 = rng.chance(0.2);
  // The `spread` shape draws from its own stream, so the default `start` company stays byte-identical.
  const spread = w.billing === 'spread' ? spreadTraits(new Rng(w.seed, 41, i), behaviour) : null;
  const cadence = big ? rng.int(14, 24) : tier === 0 ? rng.int(35, 60) : rng.int(25, 40);
  const usageRate = (tier + 1) * rng.range(1.5, 6) + places * 0.8;
  const hotlineRate = rng.range(0, 2.5) * (segment === 'Бухгалтерия' || segment === 'Юристы' ? 1.6 : 1);
  const pauseMonth = rng.int(0, 11);
  const dip = rng.chance(0.08) ? rng.int(w.firstDay, w.asOfDay) : null;
  const dipEnd = dip !== null ? dip + rng.int(45, 110) : null;

  // ---- contacts (known with the client)
  interface ContactP { id: string; role: string; person: Person }
  const contacts: ContactP[] = [];
  const nContacts = rng.weighted([[1, 30], [2, 35], [3, 22], [4, 13]]);
  const hasDm = rng.chance(0.85);
  for (let k = 0; k < nContacts; k++) {
    const role = k === 0 ? (hasDm ? 'decision_maker' : 'contact') : k === 1 ? 'contact' : rng.chance(0.5) ? 'influencer' : 'user';
    const person = k === 0 && isIp ? owner : makePerson(rng);
    const cId = `${id}-K${k + 1}`;
    contacts.push({ id: cId, role, person });
    const pos = isIp && k === 0 ? 'Индивидуальный предприниматель' : rng.pick(positions[role as keyof typeof positions]);
    const email = rng.chance(0.7) ? `${latin(person.first)}.${latin(person.surname)}@${rng.pick(mailDomains)}` : null;
    out.row(T.contacts, startKnown, [cId, id, fullName(person), role, rng.chance(0.9) ? pos : null,
      rng.chance(role === 'decision_maker' ? 0.7 : 0.8) ? phone(rng) : null, email, rng.chance(0.3) ? rng.pick(contactSpecifics) : null]);
  }
  const mainContact = () => (rng.chance(0.85) ? contacts[rng.chance(0.6) ? 0 : Math.min(1, contacts.length - 1)].id : null);

  // ---- threats, churn, suspension (decided first: usage declines before churn)
  const discAt = (day: number) => specAt(specs, origSpec, day)?.discipline ?? 0.3;
  const risk = (behaviour === 'chronic' ? 2 : behaviour === 'nextMonth' ? 1.3 : 1) * (profile === 'declining' ? 1.6 : 1) * (dip !== null ? 1.5 : 1);
  interface ThreatP { id: string; kind: string; raised: number; reaction: number | null; resolved: number | null; outcome: string | null; desc: string }
  const threats: ThreatP[] = [];
  let churnDay: number | null = null;
  const presentFrom = Math.max(start, w.firstDay);
  for (let mi = monthIndexOf(presentFrom); mi <= w.asOfMi && churnDay === null; mi++) {
    if (!rng.chance(0.0055 * risk)) continue;
    const day = wd(Math.max(presentFrom + 1, dayOfMonthIndex(mi) + rng.int(0, daysInMonth(mi) - 1)));
    if (day > w.asOfDay) break;
    const kind = rng.weighted([['disconnect', 45], ['competitor', 30], ['complaint', 25]]);
    const raised = at(day, 9 * H + rng.int(0, 9 * H));
    const disc = discAt(day);
    let reaction: number | null = null;
    if (!rng.chance(0.03 + 0.08 * (1 - disc))) {
      const meanH = 2 + (1 - disc) * 70;
      reaction = raised + Math.round(rng.exp(meanH) * H) + rng.int(5, 60);
    }
    const slow = reaction === null || reaction - raised > 48 * H;
    const pLost = (kind === 'complaint' ? 0.15 : 0.32) + (slow ? 0.25 : 0);
    let resolved: number | null = null;
    let outcome: string | null = null;
    if (reaction !== null || rng.chance(0.5)) {
      resolved = (reaction ?? raised) + Math.round((rng.exp(9) + 1) * MIN_PER_DAY);
      outcome = rng.chance(pLost) ? 'lost' : 'retained';
      if (outcome === 'lost') churnDay = wd(dayOfMinute(resolved));
    }
    threats.push({ id: `THR-${num}-${threats.length + 1}`, kind, raised, reaction, resolved, outcome, desc: rng.pick(threatDescriptions[kind]) });
  }

  // ---- months: invoices, payments, acts, sales
  interface InvoiceP { due: number; paidFull: number | null }
  const invoices: InvoiceP[] = [];
  let suspendDay: number | null = null;
  let neverPaid = 0;
  let saleSeq = 0;
  const yearIdx = (mi: number) => Math.floor(mi / 12) - Math.floor(w.firstMi / 12);
  for (let mi = monthIndexOf(presentFrom); mi <= w.asOfMi; mi++) {
    const m0 = mi % 12;
    let issue = spread ? spread.issueIn(mi) : nthWorkingDay(mi, issueN);
    if (issue < start) issue = wd(start);
    if (monthIndexOf(issue) !== mi) continue;
    if (churnDay !== null && issue >= churnDay) break;
    if (suspendDay !== null && issue >= suspendDay) break;
    if (profile === 'seasonal' && (m0 === pauseMonth || m0 === (pauseMonth + 1) % 12)) continue;
    // Product mix drifts with the profile.
    if (profile === 'growing' && rng.chance(0.15)) {
      if (rng.chance(0.6)) places++; else if (rng.chance(0.5)) mods[rng.int(0, 2)] = true; else tier = Math.min(2, tier + 1);
    } else if (profile === 'declining' && rng.chance(0.2)) {
      if (places > 0 && rng.chance(0.6)) places--; else if (rng.chance(0.5)) mods[rng.int(0, 2)] = false; else tier = Math.max(0, tier - 1);
    }
    const index = 1.07 ** yearIdx(mi);
    const lines: [Product, number][] = [[TIERS[tier], 1]];
    if (places) lines.push([PLACE, places]);
    mods.forEach((on, k) => { if (on) lines.push([MODULES[k], 1]); });
    let amount = 0;
    const issueKnown = Math.max(startKnown + 1, at(issue, 7 * H + rng.int(0, 30)));
    for (const [p, q] of lines) {
      const rev = Math.round(p.price * index * q) * 100;
      amount += rev;
      out.row(T.sales, issueKnown, [`SL-${num}-${++saleSeq}`, id, issue, p.name, q, rev, Math.round(rev * p.cost)]);
    }
    if ((profile === 'volatile' && rng.chance(0.3)) || rng.chance(0.03)) {
      const p = rng.pick(ONE_OFF);
      const q = p === ONE_OFF[1] ? rng.int(1, 6) : 1;
      const d = Math.max(issue, wd(dayOfMonthIndex(mi) + rng.int(3, 25)));
      const rev = Math.round(p.price * index * q * rng.range(0.8, 2.5)) * 100;
      out.row(T.sales, Math.max(issueKnown + 1, at(d, 17 * H + rng.int(0, 60))), [`SL-${num}-${++saleSeq}`, id, d, p.name, q, rev, Math.round(rev * p.cost)]);
    }
    const spec = specAt(specs, origSpec, issue);
    const due = spread ? wd(issue + spread.terms) : dueOn20 ? wd(dayOfMonthIndex(mi, 20)) : Math.max(wd(dayOfMonthIndex(mi, 10)), wd(issue + 5));
    const period = periodOf(mi);
    const ym = period.replace('-', '');
    out.row(T.invoices, issueKnown, [`INV-${num}-${ym}`, id, spec?.id ?? null, period, issue, due, amount]);

    // Payments by behaviour; January is slow, December fast (year-end closing).
    const disc = spec?.discipline ?? 0.3;
    let payDay: number | null;
    const dom = (d: number) => dayOfMonthIndex(mi, 1) + d - 1;
    if (spread) payDay = spread.payDay(due);
    else switch (behaviour) {
      case 'punctual': payDay = Math.max(issue + 1, dom(rng.int(2, 7))); break;
      case 'tenth': payDay = due + rng.int(-3, 2); break;
      case 'late25': payDay = dom(rng.int(20, 27)); break;
      case 'nextMonth': payDay = dom(daysInMonth(mi) + rng.int(3, 25)); break;
      case 'chronic': payDay = rng.chance(0.4) ? null : due + rng.int(20, 90); break;
      default: payDay = rng.weighted([[dom(rng.int(2, 9)), 3], [dom(rng.int(10, 28)), 4], [dom(daysInMonth(mi) + rng.int(1, 30)), 3]]);
    }
    if (payDay !== null) {
      if (behaviour !== 'chronic' && rng.chance(0.05)) payDay += rng.int(10, 35);
      if (behaviour !== 'chronic' && rng.chance(0.008)) payDay = null;
    }
    if (payDay !== null) {
      if (m0 === 0) payDay += rng.int(2, 7);
      if (m0 === 11) payDay = Math.min(payDay - rng.int(0, 3), payDay > dom(28) && rng.chance(0.5) ? dom(rng.int(24, 28)) : payDay);
      payDay -= Math.round(disc * 2 * rng.next());
      payDay = wd(Math.max(payDay, issue + 1));
    }
    const parts: [number, number][] = [];
    if (payDay !== null) {
      if ((partialProne && rng.chance(0.35)) || (behaviour === 'erratic' && rng.chance(0.15))) {
        const first = Math.round((amount * rng.range(0.4, 0.7)) / 100) * 100;
        parts.push([payDay, first]);
        if (!rng.chance(0.12)) parts.push([wd(payDay + rng.int(5, 30)), amount - first]);
      } else if (rng.chance(0.025)) {
        parts.push([payDay, Math.ceil((amount * rng.range(1.02, 1.3)) / 100000) * 100000]);
      } else parts.push([payDay, amount]);
    } else if (behaviour === 'chronic') neverPaid++;
    let paid = 0;
    let paidFull: number | null = null;
    parts.forEach(([d, a], k) => {
      const r = rng.next();
      const posted = r < 0.88 ? at(d, 12 * H + rng.int(0, 20)) : r < 0.97 ? at(wd(d + 1), 12 * H + rng.int(0, 20)) : null;
      out.row(T.payments, posted ?? at(d, 12 * H), [`PAY-${num}-${ym}-${k + 1}`, `INV-${num}-${ym}`, id, d, posted, a]);
      paid += a;
      if (paidFull === null && paid >= amount) paidFull = d;
    });
    invoices.push({ due, paidFull });
    if (behaviour === 'chronic' && neverPaid >= 3 && suspendDay === null) {
      suspendDay = wd(due + 30);
      if (churnDay === null && rng.chance(0.5)) churnDay = wd(suspendDay + rng.int(40, 90));
    }

    // Act of the month: issued on its last working day, returned late or never.
    const lastWd = prevWorkingDay(dayOfMonthIndex(mi + 1) - 1);
    const actIssue = churnDay !== null && churnDay < lastWd ? Math.max(issue, churnDay) : lastWd;
    const actRow: Cell[] = [`ACT-${num}-${ym}`, id, spec?.id ?? null, period, actIssue, null];
    const pNever = 0.012 + (behaviour === 'chronic' ? 0.15 : 0) + (1 - disc) * 0.03;
    const actKnown = Math.max(issueKnown + 1, at(actIssue, 7 * H + rng.int(0, 40)));
    if (rng.chance(pNever)) out.row(T.acts, actKnown, actRow);
    else {
      const delay = rng.chance(0.1) ? rng.int(25, 90) : Math.round(rng.exp(4 + (1 - disc) * 10)) + 2;
      const ret = wd(actIssue + delay);
      const back = actRow.slice();
      back[5] = ret;
      out.versions(T.acts, [actKnown, Math.max(actKnown + 1, at(ret, 9 * H + rng.int(0, 9 * H)))], [actRow, back]);
    }
  }
  if (suspendDay !== null && churnDay !== null && churnDay < suspendDay) suspendDay = null;

  // ---- client row with its versions (specialist handover, suspension, churn)
  const specifics = rng.chance(0.45) ? rng.pick(clientSpecifics) : null;
  const email = rng.chance(0.85) ? `${rng.pick(['info', 'office', 'buh', 'mail', latin(owner.surname)])}@${latin(name.replace(/^\S+ «?|»$/g, '').split(/[ ,-]/)[0] || 'firm')}.ru` : null;
  const taxSystem = rng.chance(0.05) ? null : segment === 'Госсектор' || form === 'АО' || form === 'ПАО' ? 'ОСНО'
    : segment === 'Сельское хозяйство' && rng.chance(0.5) ? 'ЕСХН'
    : isIp ? rng.weighted([['УСН', 55], ['ПСН', 25], ['АУСН', 8], ['ОСНО', 12]])
    : rng.weighted([['УСН', 50], ['ОСНО', 42], ['АУСН', 8]]);
  const base: Cell[] = [id, name, inn, `Д-${ymd(start).y}/${num.slice(-5).padStart(5, '0')}${i >= 100000 ? `-${Math.floor(i / 100000)}` : ''}`, start,
    group?.kind === 'holding' ? g!.holdingId : null, group?.kind === 'holding' ? g!.holdingName : null,
    isOutlet ? cid(group!.first) : null, rng.chance(0.96) ? segment : null, taxSystem, regionName,
    specAt(specs, origSpec, start)?.id ?? null, 'active', null, rng.chance(0.88) ? phone(rng) : null, email,
    rng.chance(0.9) ? `${regionName}, ${rng.pick(streets)}, д. ${rng.int(1, 150)}${rng.chance(0.4) ? `, оф. ${rng.int(1, 400)}` : ''}` : null, specifics];
  const changes: [number, (r: Cell[]) => void][] = [];
  const leaver = origSpec !== null ? specs[origSpec] : null;
  if (leaver?.leftOn !== undefined && leaver.leftOn > start) {
    changes.push([at(leaver.leftOn, 17 * H + rng.int(0, 60)), (r) => { r[11] = specs[leaver.successor!].id; }]);
  }
  if (suspendDay !== null) changes.push([at(suspendDay, 10 * H + rng.int(0, 60)), (r) => { r[12] = 'suspended'; }]);
  if (churnDay !== null) changes.push([at(churnDay, 15 * H + rng.int(0, 120)), (r) => { r[12] = 'churned'; r[13] = churnDay; }]);
  if (changes.length === 0) out.row(T.clients, startKnown, base);
  else {
    changes.sort((a, b) => a[0] - b[0]);
    const ts = [startKnown];
    const states: Cell[][] = [base];
    for (const [t, f] of changes) {
      const r = states[states.length - 1].slice();
      f(r);
      ts.push(Math.max(t, startKnown + 1));
      states.push(r);
    }
    out.versions(T.clients, ts, states);
  }

  // ---- usage: weekly online sessions, monthly portal logins, individual hotline questions and seminars
  const endUse = Math.min(w.asOfDay, churnDay ?? Infinity, suspendDay ?? Infinity);
  const factor = (day: number) => {
    let f = 1;
    if (churnDay !== null && day > churnDay - 100) f *= Math.max(0.15, (churnDay - day) / 100);
    if (dip !== null && day >= dip && day < dipEnd!) f *= 0.3;
    const m = ymd(day).m;
    if (m === 1 || m === 8) f *= 0.7;
    if (profile === 'declining') f *= 1 - 0.4 * ((day - w.firstDay) / Math.max(1, w.asOfDay - w.firstDay));
    return f;
  };
  let useSeq = 0;
  const uid = () => `U-${num}-${++useSeq}`;
  let monday = presentFrom - weekday(presentFrom);
  for (; monday + 7 <= endUse + 1; monday += 7) {
    if (monday < presentFrom) continue;
    const n = rng.poisson(usageRate * factor(monday));
    if (n > 0) out.row(T.usage, at(monday + 7, 3 * H), [uid(), id, null, monday, 'online_session', n, null]);
  }
  for (let mi = monthIndexOf(presentFrom); mi <= w.asOfMi; mi++) {
    const m1 = dayOfMonthIndex(mi);
    const dim = daysInMonth(mi);
    const f = factor(m1 + 14);
    if (m1 + dim - 1 < presentFrom || m1 > endUse) continue;
    if (m1 + dim <= endUse + 1) {
      const n = rng.poisson(usageRate * 0.8 * f);
      if (n > 0) out.row(T.usage, at(m1 + dim, 3 * H + 10), [uid(), id, null, Math.max(m1, presentFrom), 'portal_login', n, null]);
    }
    const q = rng.poisson(hotlineRate * f);
    for (let k = 0; k < q; k++) {
      const d = wd(m1 + rng.int(0, dim - 1));
      if (d < presentFrom || d > endUse) continue;
      out.row(T.usage, at(d, 18 * H + rng.int(0, 120)), [uid(), id, rng.pick(contacts).id, d, 'hotline_question', 1, rng.pick(hotlineTopics)]);
    }
    if (rng.chance(0.12 * f)) {
      const d = wd(m1 + rng.int(0, dim - 1));
      if (d >= presentFrom && d <= endUse) {
        out.row(T.usage, at(d, 19 * H), [uid(), id, rng.pick(contacts).id, d, 'seminar', rng.int(1, 3), rng.pick(seminarTopics)]);
      }
    }
  }

  // ---- threats (with the reaction contact)
  let intSeq = 0;
  let agrSeq = 0;
  for (const th of threats) {
    const row: Cell[] = [th.id, id, th.kind, th.raised, null, null, null, th.desc];
    const ts = [th.raised + rng.int(5, 40)];
    const states: Cell[][] = [row];
    if (th.reaction !== null) {
      const r = row.slice();
      r[4] = th.reaction;
      ts.push(Math.max(th.reaction, ts[0] + 1));
      states.push(r);
    }
    if (th.resolved !== null) {
      const r = states[states.length - 1].slice();
      r[5] = th.resolved;
      r[6] = th.outcome;
      ts.push(Math.max(th.resolved, ts[ts.length - 1] + 1));
      states.push(r);
    }
    out.versions(T.threats, ts, states);
  }

  if (origSpec === null) return; // an unassigned client: nobody calls it

  // ---- interactions and agreements
  const emitAgreements = (intId: string, type: string, occurred: number, known: number, spec: Spec) => {
    const pAgr = type === 'regular' || type === 'renewal' ? 0.35 : 0.6;
    if (!rng.chance(pAgr)) return;
    const n = rng.chance(0.15) ? 2 : 1;
    for (let k = 0; k < n; k++) {
      const od = dayOfMinute(occurred);
      const due = wd(od + rng.int(2, 14));
      const row: Cell[] = [`AGR-${num}-${++agrSeq}`, id, intId, spec.id,
        type === 'payment_delay' && rng.chance(0.5) ? rng.pick(['Согласовать график оплаты задолженности', 'Повторно направить акты']) : rng.pick(agreementTexts),
        due, null, null, null];
      const d = spec.discipline;
      const r = rng.next();
      let done: number | null = null;
      if (r < 0.55 + 0.4 * d) done = Math.max(od, due - rng.int(0, Math.max(0, due - od)));
      else if (r < 0.97 - 0.05 * (1 - d)) done = wd(due + rng.int(1, 20));
      if (done === null) {
        out.row(T.agreements, known, row);
        continue;
      }
      const doneRow = row.slice();
      doneRow[6] = done;
      const ts = [known, Math.max(known + 1, at(done, 17 * H + rng.int(0, 60)))];
      const states = [row, doneRow];
      if (rng.chance(0.3 + 0.5 * d)) {
        const fb = done + rng.int(0, 7);
        const fRow = doneRow.slice();
        fRow[7] = rng.pick(feedbackTexts);
        fRow[8] = fb;
        ts.push(Math.max(ts[1] + 1, at(fb, 15 * H + rng.int(0, 120))));
        states.push(fRow);
      }
      out.versions(T.agreements, ts, states);
    }
  };

  /** A contact planned at `created` for `plannedOn` (null: unplanned, happens at `occurredAt`). Returns when it became known as done. */
  const interaction = (type: string, created: number, plannedOn: number | null, occurredAt?: number): number | null => {
    if (created > w.endCutoff) return null;
    const intId = `INT-${num}-${++intSeq}`;
    const planDay = plannedOn ?? dayOfMinute(occurredAt!);
    const spec = specAt(specs, origSpec, planDay)!;
    const d = spec.discipline;
    const channel = type === 'payment_delay' ? rng.weighted([['call', 6], ['sms', 3], ['email', 2]])
      : type === 'first_meeting' || type === 'renewal' ? rng.weighted([['meeting', 5], ['call', 4], ['email', 1]])
      : rng.weighted([['call', 60], ['meeting', 15], ['email', 15], ['sms', 10]]);
    const topic = rng.pick(interactionTopics[type]);
    const contact = mainContact();
    const planned: Cell[] = [intId, id, contact, spec.id, channel, type, plannedOn, null, null, topic, null];
    let occ: number | null = occurredAt ?? null;
    // A regular contact planned past the churn is cancelled on the churn day; debt calls go on.
    const cancelledByChurn = occ === null && churnDay !== null && plannedOn! >= churnDay && created < at(churnDay, 16 * H);
    if (occ === null && !cancelledByChurn) {
      const r = rng.next();
      if (r < 0.5 + 0.42 * d) {
        const early = plannedOn! - rng.int(0, 1);
        occ = at(Math.max(dayOfMinute(created), isWorkingDay(early) ? early : plannedOn!), 9 * H + rng.int(0, 9 * H));
      } else if (r < 0.985 - 0.04 * (1 - d)) occ = at(wd(plannedOn! + rng.int(1, 12)), 9 * H + rng.int(0, 9 * H));
      if (occ !== null && occ <= created) occ = created + rng.int(10, 120);
    }
    if (occ === null) {
      // Never done: stays overdue, or is cancelled (deleted) some days later; a churn cancels it.
      const del = cancelledByChurn ? at(churnDay!, 16 * H + rng.int(0, 60))
        : rng.chance(0.35) ? at(plannedOn! + rng.int(3, 20), 10 * H + rng.int(0, 300)) : null;
      if (del !== null && del > created) out.versions(T.interactions, [created, del], [planned, null]);
      else out.row(T.interactions, created, planned);
      return null;
    }
    const r = rng.next();
    const late = rng.chance(0.04 + 0.3 * (1 - d));
    const entered = r < 0.03 ? null : occ + (late ? rng.int(25 * H, 120 * H) : rng.int(5, 240));
    const known = entered ?? occ + rng.int(60, 240);
    const done = planned.slice();
    done[7] = occ;
    done[8] = entered;
    done[10] = rng.pick(interactionOutcomes[type]);
    if (plannedOn === null) out.row(T.interactions, known, done);
    else out.versions(T.interactions, [created, Math.max(known, created + 1)], [planned, done]);
    if (known <= w.endCutoff) emitAgreements(intId, type, occ, known, spec);
    return known;
  };

  // Threat reactions: an unplanned emergency contact at the first reaction.
  for (const th of threats) {
    if (th.reaction === null) continue;
    const type = th.kind === 'disconnect' ? 'disconnect_threat' : th.kind === 'competitor' ? 'competitor_threat' : 'complaint';
    interaction(type, th.reaction, null, th.reaction);
  }
  // Overdue invoices: a payment_delay call a week after the due date.
  for (const inv of invoices) {
    if (inv.paidFull !== null && inv.paidFull <= inv.due + 7) continue;
    if (!rng.chance(0.5 + 0.45 * discAt(inv.due))) continue;
    interaction('payment_delay', at(wd(inv.due + 3), 10 * H + rng.int(0, 240)), wd(inv.due + 7));
  }
  // Low usage: noticed about three weeks into the dip.
  if (dip !== null && dip + 21 < w.asOfDay && rng.chance(0.4 + 0.5 * discAt(dip))) {
    interaction('low_usage', at(wd(dip + 18), 11 * H), wd(dip + 21 + rng.int(0, 5)));
  }
  // The regular chain: each done contact plans the next one.
  let plan = start >= w.firstDay ? wd(start + rng.int(2, 7)) : wd(w.firstDay + rng.int(0, cadence));
  let created = start >= w.firstDay ? startKnown + 30 : at(plan - rng.int(5, 20), 10 * H);
  let first = start >= w.firstDay;
  let lastRenewalYear = -1;
  const anniversary = ymd(start).m;
  for (let guard = 0; guard < 400; guard++) {
    if (created > w.endCutoff) break;
    const pm = ymd(plan);
    let type = 'regular';
    if (first) type = 'first_meeting';
    else if (pm.m === anniversary && pm.y !== lastRenewalYear) { type = 'renewal'; lastRenewalYear = pm.y; }
    else if (rng.chance(0.04)) type = 'low_services';
    else if (rng.chance(0.02)) type = 'first_meeting';
    first = false;
    const known = interaction(type, created, plan);
    if (churnDay !== null && plan >= churnDay) break;
    if (known === null) {
      created = at(plan + rng.int(4, 15), 10 * H + rng.int(0, 400));
      plan = wd(dayOfMinute(created) + rng.int(1, 7));
    } else {
      created = known;
      plan = wd(dayOfMinute(known) + Math.max(3, cadence + rng.int(-5, 5)));
    }
  }
}
