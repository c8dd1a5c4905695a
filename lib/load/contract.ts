// The extract contract as data: every table, column, key, reference and allowed value. The loader
// validates against it, the generator writes it, the warehouse DDL (lib/db/migrations.ts) is
// derived from it, and so are the tables of docs/extracts.md (`npm run docs`), so none can drift.

/** Column kinds as they appear in a CSV cell; SQL types follow from them (see sqlTypeOf). */
export const columnKinds = ['text', 'int', 'flag', 'money', 'number', 'date', 'timestamp', 'period'] as const;
export type ColumnKind = (typeof columnKinds)[number];

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** false: `?` in the contract, may be empty. */
  required: boolean;
  /** Reference that must resolve, in the warehouse or in the same extract. */
  ref?: TableName;
  /** Allowed values (after trimming). */
  values?: readonly string[];
  /** Extra text rule. */
  pattern?: RegExp;
  /** Rule name shown in errors when `pattern` fails. */
  patternRule?: string;
  /** Money/number: smallest allowed value (negative amounts are rejected where min is 0). */
  min?: number;
}

export interface TableSpec {
  name: TableName;
  key: string;
  columns: readonly ColumnSpec[];
}

export const tableNames = [
  'teams', 'specialists', 'clients', 'contacts', 'invoices', 'payments', 'acts',
  'interactions', 'agreements', 'threats', 'usage', 'sales', 'materials',
] as const;
export type TableName = (typeof tableNames)[number];

export const taxSystems = ['ОСНО', 'УСН', 'ПСН', 'ЕСХН', 'АУСН'] as const;
export const clientStatuses = ['active', 'suspended', 'churned'] as const;
export const contactRoles = ['contact', 'decision_maker', 'influencer', 'user'] as const;
export const channels = ['call', 'meeting', 'sms', 'email'] as const;
export const contactTypes = [
  'regular', 'first_meeting', 'renewal', 'payment_delay', 'low_usage', 'low_services',
  'disconnect_threat', 'competitor_threat', 'complaint',
] as const;
export type ContactType = (typeof contactTypes)[number];
export const threatKinds = ['disconnect', 'competitor', 'complaint'] as const;
export const threatOutcomes = ['retained', 'lost'] as const;
export const usageKinds = ['online_session', 'hotline_question', 'seminar', 'portal_login'] as const;

/** Amounts above this are "absurd" for a monthly subscription invoice or payment (roubles). */
export const MAX_AMOUNT = 100_000_000;

const c = (name: string, kind: ColumnKind, required = true, extra: Partial<ColumnSpec> = {}): ColumnSpec =>
  ({ name, kind, required, ...extra });
const opt = (name: string, kind: ColumnKind, extra: Partial<ColumnSpec> = {}) => c(name, kind, false, extra);
const money = (name: string) => c(name, 'money', true, { min: 0 });

export const contract: Record<TableName, TableSpec> = {
  teams: { name: 'teams', key: 'team_id', columns: [c('team_id', 'text'), c('name', 'text'), opt('head_name', 'text')] },
  specialists: {
    name: 'specialists', key: 'specialist_id', columns: [
      c('specialist_id', 'text'), c('full_name', 'text'), c('team_id', 'text', true, { ref: 'teams' }),
      opt('email', 'text'), opt('phone', 'text'), opt('hired_on', 'date'), c('active', 'flag'),
    ],
  },
  clients: {
    name: 'clients', key: 'client_id', columns: [
      c('client_id', 'text'), c('name', 'text'),
      opt('inn', 'text', { pattern: /^(\d{10}|\d{12})$/, patternRule: 'ИНН: 10 или 12 цифр' }),
      opt('contract_no', 'text'), opt('contract_start', 'date'), opt('holding_id', 'text'), opt('holding_name', 'text'),
      opt('parent_client_id', 'text', { ref: 'clients' }), opt('segment', 'text'),
      opt('tax_system', 'text', { values: taxSystems }), opt('region', 'text'),
      opt('specialist_id', 'text', { ref: 'specialists' }), c('status', 'text', true, { values: clientStatuses }),
      opt('churned_on', 'date'), opt('phone', 'text'), opt('email', 'text'), opt('address', 'text'), opt('specifics', 'text'),
    ],
  },
  contacts: {
    name: 'contacts', key: 'contact_id', columns: [
      c('contact_id', 'text'), c('client_id', 'text', true, { ref: 'clients' }), c('full_name', 'text'),
      c('role', 'text', true, { values: contactRoles }), opt('position', 'text'), opt('phone', 'text'), opt('email', 'text'),
      opt('specifics', 'text'),
    ],
  },
  invoices: {
    name: 'invoices', key: 'invoice_id', columns: [
      c('invoice_id', 'text'), c('client_id', 'text', true, { ref: 'clients' }),
      opt('specialist_id', 'text', { ref: 'specialists' }), c('period', 'period'), c('issued_on', 'date'),
      c('due_on', 'date'), money('amount'),
    ],
  },
  payments: {
    name: 'payments', key: 'payment_id', columns: [
      c('payment_id', 'text'), c('invoice_id', 'text', true, { ref: 'invoices' }),
      c('client_id', 'text', true, { ref: 'clients' }), c('paid_on', 'date'), opt('posted_at', 'timestamp'), money('amount'),
    ],
  },
  acts: {
    name: 'acts', key: 'act_id', columns: [
      c('act_id', 'text'), c('client_id', 'text', true, { ref: 'clients' }), opt('specialist_id', 'text', { ref: 'specialists' }),
      c('period', 'period'), c('issued_on', 'date'), opt('returned_on', 'date'),
    ],
  },
  interactions: {
    name: 'interactions', key: 'interaction_id', columns: [
      c('interaction_id', 'text'), c('client_id', 'text', true, { ref: 'clients' }),
      opt('contact_id', 'text', { ref: 'contacts' }), c('specialist_id', 'text', true, { ref: 'specialists' }),
      c('channel', 'text', true, { values: channels }), c('contact_type', 'text', true, { values: contactTypes }),
      opt('planned_on', 'date'), opt('occurred_at', 'timestamp'), opt('entered_at', 'timestamp'),
      opt('topic', 'text'), opt('outcome', 'text'),
    ],
  },
  agreements: {
    name: 'agreements', key: 'agreement_id', columns: [
      c('agreement_id', 'text'), c('client_id', 'text', true, { ref: 'clients' }),
      opt('interaction_id', 'text', { ref: 'interactions' }), opt('specialist_id', 'text', { ref: 'specialists' }),
      c('text', 'text'), c('due_on', 'date'), opt('done_on', 'date'), opt('feedback', 'text'), opt('feedback_on', 'date'),
    ],
  },
  threats: {
    name: 'threats', key: 'threat_id', columns: [
      c('threat_id', 'text'), c('client_id', 'text', true, { ref: 'clients' }), c('kind', 'text', true, { values: threatKinds }),
      c('raised_at', 'timestamp'), opt('first_reaction_at', 'timestamp'), opt('resolved_at', 'timestamp'),
      opt('outcome', 'text', { values: threatOutcomes }), opt('description', 'text'),
    ],
  },
  usage: {
    name: 'usage', key: 'usage_id', columns: [
      c('usage_id', 'text'), c('client_id', 'text', true, { ref: 'clients' }), opt('contact_id', 'text', { ref: 'contacts' }),
      c('date', 'date'), c('kind', 'text', true, { values: usageKinds }), c('count', 'int', true, { min: 0 }), opt('topic', 'text'),
    ],
  },
  sales: {
    name: 'sales', key: 'sale_id', columns: [
      c('sale_id', 'text'), c('client_id', 'text', true, { ref: 'clients' }), c('date', 'date'), c('product', 'text'),
      c('quantity', 'number', true, { min: 0 }), c('revenue', 'money'), c('cost', 'money'),
    ],
  },
  materials: {
    name: 'materials', key: 'material_id', columns: [
      c('material_id', 'text'), c('title', 'text'), c('published_on', 'date'), opt('segment', 'text'),
      opt('tax_system', 'text', { values: taxSystems }), opt('url', 'text'), opt('summary', 'text'),
    ],
  },
};

/**
 * Tables in an order in which every reference points to an earlier table (or to itself), so
 * applying an extract in this order never sees a dangling reference half way.
 */
export const applyOrder: readonly TableName[] = [
  'teams', 'specialists', 'clients', 'contacts', 'invoices', 'payments', 'acts',
  'interactions', 'agreements', 'threats', 'usage', 'sales', 'materials',
];

/** DuckDB type of a contract column. Money is DECIMAL(18,2) in roubles (extracts.md). */
export function sqlTypeOf(kind: ColumnKind): string {
  switch (kind) {
    case 'text': case 'period': return 'VARCHAR';
    case 'int': return 'BIGINT';
    case 'flag': return 'BOOLEAN';
    case 'money': return 'DECIMAL(18,2)';
    case 'number': return 'DOUBLE';
    case 'date': return 'DATE';
    // Timestamps are local company time (Europe/Moscow unless configured); stored as given,
    // without a zone, so that "entered within 24 h" and day boundaries are in company time.
    case 'timestamp': return 'TIMESTAMP';
  }
}

/** Earliest and latest dates accepted in any date or timestamp column ("dates out of range"). */
export const DATE_MIN = '2000-01-01';
export const DATE_MAX = '2100-12-31';
