// docs/extracts.md and docs/extracts.en.md, generated: the hand-written prose of
// docs/src/extracts.<lang>.md with its `<!-- contract:… -->` markers replaced by tables made from
// the code contract (lib/load/contract.ts: tables, columns, kinds, keys, references, allowed
// values, bounds) and from the loader's rule ids. So the document an integrator reads cannot
// drift from what the loader checks: `npm run docs` writes it, and tests/unit/docs fails when the
// committed file differs from what the contract gives. Pure (no I/O): lib/docs/generate.ts reads
// the templates and writes the files.
import { t } from '../i18n/ru';
import {
  applyOrder, columnKinds, contract, DATE_MAX, DATE_MIN, MAX_AMOUNT, sqlTypeOf, tableNames,
  type ColumnKind, type ColumnSpec, type TableName,
} from '../load/contract';
import type { ExtractRule, RowRule } from '../load/rules';

export const docLangs = ['ru', 'en'] as const;
export type DocLang = (typeof docLangs)[number];
type Text = Record<DocLang, string>;

/** The generated document's path for a language (relative to the repository). */
export const extractsDocPath = (lang: DocLang): string => (lang === 'ru' ? 'docs/extracts.md' : `docs/extracts.${lang}.md`);
/** Its hand-written template. */
export const extractsTemplatePath = (lang: DocLang): string => `docs/src/extracts.${lang}.md`;

/** Thousands grouped as each language writes them (no ICU: the output must not vary by machine). */
function int(n: number, lang: DocLang): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'ru' ? ' ' : ',');
}

/** Code in a table cell: backticks, with `|` escaped so it does not split the cell. */
const code = (s: string) => `\`${s.replace(/\|/g, '\\|')}\``;

/** What each table holds, for the people writing its export. */
const TABLE_DOCS: Record<TableName, Text> = {
  teams: { ru: 'Отделы (команды) специалистов.', en: 'Teams (departments) of specialists.' },
  specialists: { ru: 'Специалисты: каждый ведёт свой портфель клиентов.', en: 'Specialists: each looks after a portfolio of clients.' },
  clients: { ru: 'Клиенты — юридические лица, с холдингом или сетью, к которой они относятся.', en: 'Clients: legal entities, with the holding or chain they belong to.' },
  contacts: { ru: 'Контактные лица клиентов и их роли.', en: "Clients' contact persons and their roles." },
  invoices: { ru: 'Ежемесячные счета клиентам за расчётный период.', en: 'Monthly invoices to clients for a billing period.' },
  payments: { ru: 'Оплаты по счетам (разносятся около полудня).', en: 'Payments against invoices (posted around midday).' },
  acts: { ru: 'Ежемесячные акты оказанных услуг: клиент подписывает и возвращает их.', en: 'Monthly acts of services rendered: the client signs and returns them.' },
  interactions: { ru: 'Контакты с клиентом: звонки, встречи, SMS, письма — запланированные и проведённые.', en: 'Contacts with a client: calls, meetings, SMS, e-mails, planned and done.' },
  agreements: { ru: 'Договорённости, данные в контактах: срок, выполнение, обратная связь клиента.', en: "Agreements made in contacts: due date, completion, the client's feedback." },
  threats: { ru: 'Угрозы по клиенту: отключение, конкурент, жалоба.', en: 'Threats raised on a client: disconnection, competitor, complaint.' },
  usage: { ru: 'Использование сервиса и дополнительных услуг: сколько раз за день каждого вида.', en: 'Use of the service and of additional services: how many times a day, per kind.' },
  sales: { ru: 'Продажи — для ABC / XYZ и матрицы «рост × доля».', en: 'Sales, for ABC / XYZ and the growth × share matrix.' },
  materials: { ru: 'Материалы для инфоповодов при подготовке к контакту.', en: 'Materials: talking points for preparing a contact.' },
};

/** How a value of each kind is written in a CSV cell. */
const KIND_DOCS: Record<ColumnKind, Text> = {
  text: {
    ru: 'текст как есть',
    en: 'text as is',
  },
  int: {
    ru: 'целое число: `12`, `1 200` (пробелы между разрядами можно), без дробной части и экспоненты',
    en: 'a whole number: `12`, `1 200` (spaces between digit groups allowed), no fraction, no exponent',
  },
  flag: {
    ru: '`1` или `0` (также `true` / `false`)',
    en: '`1` or `0` (also `true` / `false`)',
  },
  money: {
    ru: `сумма в рублях: точка или запятая перед копейками, пробелы между разрядами (\`1 234,50\`, \`1234.5\`); без \`+\` и экспоненты; по модулю не больше ${int(MAX_AMOUNT, 'ru')}`,
    en: `an amount in roubles: a point or a comma before the kopecks, spaces between digit groups (\`1 234,50\`, \`1234.5\`); no \`+\`, no exponent; at most ${int(MAX_AMOUNT, 'en')} either way`,
  },
  number: {
    ru: 'число: точка или запятая, пробелы между разрядами; без `+` и экспоненты',
    en: 'a number: a point or a comma, spaces between digit groups; no `+`, no exponent',
  },
  date: {
    ru: `\`ГГГГ-ММ-ДД\` или \`ДД.ММ.ГГГГ\`, с ${DATE_MIN} по ${DATE_MAX}`,
    en: `\`YYYY-MM-DD\` or \`DD.MM.YYYY\`, from ${DATE_MIN} to ${DATE_MAX}`,
  },
  timestamp: {
    ru: `\`ГГГГ-ММ-ДДTЧЧ:ММ[:СС]\` (ISO 8601; со смещением \`Z\`, \`+03:00\`, \`+0300\` или \`+03\` переводится во время компании, без смещения — уже время компании) или \`ДД.ММ.ГГГГ ЧЧ:ММ[:СС]\` (время компании); даты с ${DATE_MIN} по ${DATE_MAX}`,
    en: `\`YYYY-MM-DDTHH:MM[:SS]\` (ISO 8601; with an offset \`Z\`, \`+03:00\`, \`+0300\` or \`+03\` it is converted to company time, without one it is company time already) or \`DD.MM.YYYY HH:MM[:SS]\` (company time); dates from ${DATE_MIN} to ${DATE_MAX}`,
  },
  period: {
    ru: 'расчётный месяц `ГГГГ-ММ`',
    en: 'a billing month, `YYYY-MM`',
  },
};

/**
 * Notes on single columns (`table.column`), where the name alone does not say it.
 * tests/unit/docs checks that every key names a column of the contract.
 */
export const COLUMN_NOTES: Record<string, Text> = {
  'teams.head_name': { ru: 'руководитель отдела', en: 'head of the team' },
  'specialists.active': { ru: 'работает ли специалист', en: 'whether the specialist still works' },
  'clients.holding_id': { ru: 'холдинг: клиенты с одним `holding_id` — одна группа юрлиц', en: 'holding: clients with one `holding_id` are one group of legal entities' },
  'clients.parent_client_id': { ru: 'головной клиент сети (у торговой точки)', en: 'the head client of a chain (for an outlet)' },
  'clients.specialist_id': { ru: 'текущий специалист: по нему решается, кто видит клиента', en: 'current specialist: decides who sees the client' },
  'clients.churned_on': { ru: 'дата ухода: до неё клиент считается клиентом', en: 'churn date: before it the client still counts as a client' },
  'clients.specifics': { ru: 'свободный текст: особенности клиента', en: "free text: the client's particulars" },
  'contacts.role': { ru: '`contact` — КЛ, `decision_maker` — ЛПР, `influencer` — ЛВР, `user` — пользователь', en: '`contact` person, `decision_maker`, decision `influencer`, ordinary `user`' },
  'contacts.specifics': { ru: 'свободный текст', en: 'free text' },
  'invoices.specialist_id': { ru: 'кто вёл клиента при выставлении; пусто — текущий специалист клиента', en: "who looked after the client when it was issued; empty: the client's current specialist" },
  'invoices.due_on': { ru: 'срок оплаты', en: 'payment due date' },
  'payments.paid_on': { ru: 'с этого дня деньги засчитываются', en: 'the money counts from this day' },
  'payments.posted_at': { ru: 'когда оплата разнесена', en: 'when the payment was posted' },
  'acts.specialist_id': { ru: 'пусто — текущий специалист клиента', en: "empty: the client's current specialist" },
  'acts.returned_on': { ru: 'пусто — не возвращён', en: 'empty: not returned' },
  'interactions.specialist_id': { ru: 'кто проводит контакт', en: 'who makes the contact' },
  'interactions.planned_on': { ru: 'плановая дата (контроль «звонки в срок»)', en: 'planned date (the "calls on time" control)' },
  'interactions.occurred_at': { ru: 'пусто — запланирован, ещё не проведён', en: 'empty: planned, not done yet' },
  'interactions.entered_at': { ru: 'когда внесён в CRM (контроль «ввод в срок»)', en: 'when it was recorded in the CRM (the "timely entry" control)' },
  'agreements.specialist_id': { ru: 'пусто — текущий специалист клиента', en: "empty: the client's current specialist" },
  'agreements.done_on': { ru: 'пусто — не выполнена', en: 'empty: not done' },
  'agreements.feedback': { ru: 'ответ клиента, свободный текст', en: "the client's response, free text" },
  'threats.first_reaction_at': { ru: 'первая реакция (контроль «скорость реакции»)', en: 'first reaction (the "reaction speed" control)' },
  'threats.resolved_at': { ru: 'когда угроза закрыта', en: 'when the threat was resolved' },
  'usage.count': { ru: 'сколько раз за этот день этого вида', en: 'how many times that day, of that kind' },
  'sales.revenue': { ru: 'может быть меньше нуля', en: 'may be below zero' },
  'sales.cost': { ru: 'себестоимость; может быть меньше нуля', en: 'cost; may be below zero' },
  'materials.segment': { ru: 'пусто — для всех сегментов', en: 'empty: for every segment' },
  'materials.tax_system': { ru: 'пусто — для всех систем налогообложения', en: 'empty: for every tax system' },
};

/** What a failed rule does to the load. */
type RuleEffect = 'row' | 'rejected' | 'refused' | 'mixed';

/**
 * Every rule id the loader writes (rejected_rows.rule and the `[правило …]` of load messages,
 * lib/load/rules.ts), in the order a load meets them; keyed by the loader's own rule types, so a
 * new rule does not compile without its entry here.
 */
export const RULE_DOCS: Record<RowRule | ExtractRule, { effect: RuleEffect; text: Text }> = {
  manifest: { effect: 'rejected', text: {
    ru: '`manifest.json` не JSON, без нужного поля или с неверным значением; `extract_id` не равен имени папки; `as_of` — не дата календаря, вне диапазона или позже даты `created_at` больше чем на день; `created_at` не ISO 8601; неизвестная таблица; ни одной таблицы',
    en: '`manifest.json` is not JSON, lacks a field or has a wrong value; `extract_id` differs from the folder name; `as_of` is not a calendar date, is out of range or more than a day after the date of `created_at`; `created_at` is not ISO 8601; an unknown table; no table at all',
  } },
  file: { effect: 'rejected', text: {
    ru: 'папка, `manifest.json` или файл — символическая ссылка; файла из манифеста нет в папке; файл не читается (повреждён или не того формата)',
    en: 'the folder, `manifest.json` or a file is a symbolic link; a file listed in the manifest is not in the folder; a file cannot be read (damaged, or not the format its name says)',
  } },
  empty: { effect: 'rejected', text: { ru: 'файл пустой (0 байт, нет даже строки заголовка)', en: 'a file is empty (0 bytes, not even a header line)' } },
  checksum: { effect: 'rejected', text: { ru: 'sha256 файла не совпадает с манифестом', en: "a file's sha256 differs from the manifest's" } },
  encoding: { effect: 'mixed', text: {
    ru: 'файл читается как UTF-8, а в строке байты, недопустимые в UTF-8: такая строка данных откладывается, а строка заголовка отклоняет выгрузку',
    en: 'a file is read as UTF-8 and a line holds bytes invalid in UTF-8: such a data line is quarantined, such a header line rejects the extract',
  } },
  idempotent: { effect: 'refused', text: { ru: 'выгрузка с этим id уже применена с другими контрольными суммами', en: 'an extract with this id was already applied with other checksums' } },
  order: { effect: 'refused', text: { ru: 'id выгрузки меньше уже применённого (можно принудительно: `--force`)', en: 'the extract id sorts before one already applied (can be forced: `--force`)' } },
  first_full: { effect: 'rejected', text: { ru: '`delta` для таблицы, которая ещё ни разу не загружалась (первая — только `full`)', en: '`delta` for a table never loaded before (the first must be `full`)' } },
  column: { effect: 'rejected', text: { ru: 'в заголовке нет обязательного столбца', en: 'the header lacks a required column' } },
  rows: { effect: 'rejected', text: { ru: 'строк данных в файле (хороших, плохих и нечитаемых) не столько, сколько `rows` в манифесте', en: 'the data rows in the file (good, bad and unreadable) are not as many as the manifest\'s `rows`' } },
  threshold: { effect: 'rejected', text: {
    ru: 'отложено больше `REJECT_THRESHOLD_PCT` (1 %) строк файла; в сообщении до трёх примеров',
    en: "more than `REJECT_THRESHOLD_PCT` (1 %) of a file's rows were quarantined; the message quotes up to three",
  } },
  shrink: { effect: 'rejected', text: {
    ru: '`full` убрал бы больше `FULL_SHRINK_MAX_PCT` (10 %) строк таблицы, а в манифесте нет `"allow_shrink": true` (или загрузка не принудительная)',
    en: 'a `full` file would remove more than `FULL_SHRINK_MAX_PCT` (10 %) of its table\'s rows, and its manifest entry has no `"allow_shrink": true` (nor is the load forced)',
  } },
  orphans: { effect: 'rejected', text: {
    ru: 'удаление (`deleted=1`) или `full` убирает записи, на которые ссылаются оставшиеся строки; `--force` этого не снимает',
    en: 'a delete (`deleted=1`) or a `full` file removes records that remaining rows point at; `--force` does not lift it',
  } },
  internal: { effect: 'rejected', text: {
    ru: 'непредвиденная ошибка при загрузке; подробности — только в журнале сервера (сбой движка хранилища не отклоняет выгрузку: она остаётся во входящих и загружается снова)',
    en: "an unexpected error during the load; details only in the server log (an engine fault does not reject the extract: it stays in the inbox and is loaded again)",
  } },
  format: { effect: 'row', text: { ru: 'строка не читается как CSV: не хватает полей или лишние, незакрытая кавычка, слишком длинная строка', en: 'the line cannot be read as CSV: fields missing or extra, an unclosed quote, a line too long' } },
  required: { effect: 'row', text: { ru: 'обязательное поле пусто', en: 'a required field is empty' } },
  type: { effect: 'row', text: { ru: 'значение не читается как свой тип (см. [типы значений](#kinds))', en: 'the value does not read as its kind (see [value kinds](#kinds))' } },
  enum: { effect: 'row', text: { ru: 'значение не из списка допустимых', en: 'the value is not one of those allowed' } },
  pattern: { effect: 'row', text: { ru: 'значение не в нужном формате (ИНН)', en: 'the value is not in the required format (INN)' } },
  range: { effect: 'row', text: { ru: 'значение меньше допустимого (отрицательная сумма, количество)', en: 'the value is below the least allowed (a negative amount or count)' } },
  absurd: { effect: 'row', text: { ru: `сумма по модулю больше ${int(MAX_AMOUNT, 'ru')} ₽`, en: `an amount beyond ${int(MAX_AMOUNT, 'en')} ₽ either way` } },
  date_range: { effect: 'row', text: { ru: `дата вне ${DATE_MIN}…${DATE_MAX}`, en: `a date outside ${DATE_MIN}…${DATE_MAX}` } },
  deleted: { effect: 'row', text: { ru: '`deleted` не `1`, `0`, `true`, `false` и не пусто', en: '`deleted` is not `1`, `0`, `true`, `false` or empty' } },
  duplicate: { effect: 'row', text: { ru: 'ключ повторяется в файле; принята первая строка с ним', en: 'the key repeats in the file; the first row with it is kept' } },
  reference: { effect: 'row', text: {
    ru: 'ссылка на запись, которой нет ни в хранилище после этой выгрузки, ни в этой выгрузке (запись, которую выгрузка удаляет, не считается)',
    en: 'a reference to a record that is neither in the warehouse after this extract nor in this extract (a record the extract deletes does not count)',
  } },
};

const EFFECT: Record<RuleEffect, Text> = {
  row: { ru: 'строка отложена', en: 'row quarantined' },
  rejected: { ru: 'выгрузка отклонена', en: 'extract rejected' },
  refused: { ru: 'выгрузка не принята', en: 'extract refused' },
  mixed: { ru: 'строка отложена или выгрузка отклонена', en: 'row quarantined or extract rejected' },
};

const L = {
  kindsHead: { ru: '| тип | как писать в CSV | тип в хранилище |', en: '| kind | how to write it in a CSV | warehouse type |' },
  tableHead: { ru: '| столбец | тип | обязательный | ссылка | значения и пояснения |', en: '| column | kind | required | reference | values and notes |' },
  key: { ru: 'да, ключ', en: 'yes, key' },
  yes: { ru: 'да', en: 'yes' },
  no: { ru: 'нет', en: 'no' },
  keyIs: { ru: 'Ключ', en: 'Key' },
  oneOf: { ru: 'одно из', en: 'one of' },
  atLeast: { ru: 'не меньше', en: 'at least' },
  refsHead: { ru: '| таблица | на неё ссылаются |', en: '| table | referred to by |' },
  rulesHead: { ru: '| правило | название в приложении | что не так | что происходит |', en: '| rule | name in the app (Russian) | what is wrong | what happens |' },
} satisfies Record<string, Text>;

const sep = (n: number) => `|${'---|'.repeat(n)}`;
const tableLink = (t: TableName) => `[${code(t)}](#table-${t})`;

/** The value kinds: how to write each in a CSV cell and the warehouse type it becomes. */
export function kindsTable(lang: DocLang): string {
  return [L.kindsHead[lang], sep(3), ...columnKinds.map((k) => `| ${code(k)} | ${KIND_DOCS[k][lang]} | ${code(sqlTypeOf(k))} |`)].join('\n');
}

/** The order tables are applied in (every reference points to an earlier table or to itself). */
export function applyOrderLine(): string {
  return `${applyOrder.map(code).join(' → ')}.`;
}

function columnRules(t: TableName, c: ColumnSpec, lang: DocLang): string {
  const parts: string[] = [];
  if (c.values) parts.push(`${L.oneOf[lang]}: ${c.values.map(code).join(', ')}`);
  if (c.pattern) parts.push(lang === 'ru' && c.patternRule ? `${c.patternRule} (${code(c.pattern.source)})` : code(c.pattern.source));
  if (c.min !== undefined) parts.push(`${L.atLeast[lang]} ${c.min}`);
  const note = COLUMN_NOTES[`${t}.${c.name}`];
  if (note) parts.push(note[lang]);
  return parts.join('; ');
}

/** One section per table: what it holds, its key and every column. */
export function tablesSection(lang: DocLang): string {
  return tableNames.map((t) => {
    const spec = contract[t];
    const rows = spec.columns.map((c) => {
      const required = c.name === spec.key ? L.key[lang] : c.required ? L.yes[lang] : L.no[lang];
      const ref = c.ref ? `→ ${tableLink(c.ref)}` : '';
      return `| ${code(c.name)} | ${code(c.kind)} | ${required} | ${ref} | ${columnRules(t, c, lang)} |`.replace(/ {2,}\|/g, ' |');
    });
    return [
      `<a id="table-${t}"></a>`,
      `### ${t}`,
      '',
      `${TABLE_DOCS[t][lang]} ${L.keyIs[lang]}: ${code(spec.key)}.`,
      '',
      L.tableHead[lang],
      sep(5),
      ...rows,
    ].join('\n');
  }).join('\n\n');
}

/** Which columns point at each table: what a delete or a full replacement of it can orphan. */
export function referencesTable(lang: DocLang): string {
  const rows = tableNames.flatMap((parent) => {
    const children = tableNames.flatMap((t) => contract[t].columns.filter((c) => c.ref === parent).map((c) => code(`${t}.${c.name}`)));
    return children.length ? [`| ${tableLink(parent)} | ${children.join(', ')} |`] : [];
  });
  return [L.refsHead[lang], sep(2), ...rows].join('\n');
}

/** Every rule id with the name the Загрузки pages show, what it checks and what it does to the load. */
export function rulesTable(lang: DocLang): string {
  const rows = Object.entries(RULE_DOCS).map(([rule, d]) =>
    `| <a id="rule-${rule.replace(/_/g, '-')}"></a>${code(rule)} | ${t.loadInfo.ruleNames[rule] ?? ''} | ${d.text[lang]} | ${EFFECT[d.effect][lang]} |`);
  return [L.rulesHead[lang], sep(4), ...rows].join('\n');
}

/** The generated blocks, by marker name (`<!-- contract:<name> -->` in a template). */
const BLOCKS: Record<string, (lang: DocLang) => string> = {
  kinds: kindsTable,
  order: applyOrderLine,
  tables: tablesSection,
  references: referencesTable,
  rules: rulesTable,
};

const MARKER = /^<!-- contract:([a-z]+) -->$/;

/**
 * The generated document from its template: each marker line replaced by its block. Throws on an
 * unknown marker or a block the template lacks, so a template cannot silently drop a table.
 */
export function buildExtractsDoc(lang: DocLang, template: string): string {
  const seen = new Set<string>();
  const body = template.replace(/\r\n?/g, '\n').split('\n').map((line) => {
    const m = MARKER.exec(line.trim());
    if (!m) return line;
    const block = BLOCKS[m[1]];
    if (!block) throw new Error(`${extractsTemplatePath(lang)}: unknown marker «${line.trim()}»`);
    seen.add(m[1]);
    return block(lang);
  }).join('\n');
  const missing = Object.keys(BLOCKS).filter((k) => !seen.has(k));
  if (missing.length) throw new Error(`${extractsTemplatePath(lang)}: no marker for ${missing.map((k) => `<!-- contract:${k} -->`).join(', ')}`);
  const head = `<!-- Generated by \`npm run docs\` from ${extractsTemplatePath(lang)} and lib/load/contract.ts: edit those, not this file. -->`;
  return `${head}\n${body.replace(/\n*$/, '\n')}`;
}
