// The anchors of docs/metrics.md (and docs/metrics.en.md): one stable id per definition, so a
// «Как считается» link (components/ui/how-link.tsx) opens /help/metrics#<id>. Ids are English and
// never translated; tests/unit/docs/docs.test.ts checks that both languages carry every id and no
// other, so renaming a heading never breaks a link.

export const METRIC_DOCS = {
  // Conventions
  asOf: 'as-of',
  // Payments
  paymentPct: 'payment-pct',
  paymentGrouping: 'payment-grouping',
  twoMonthPct: 'two-month-pct',
  remaining: 'remaining',
  dayDelta: 'day-delta',
  pace: 'pace',
  paymentCurve: 'payment-curve',
  paymentHistory: 'payment-history',
  forecast: 'forecast',
  curveForecast: 'curve-forecast',
  runRate: 'run-rate',
  calls: 'calls',
  backtest: 'backtest',
  debtors: 'debtors',
  debtAging: 'debt-aging',
  unreturnedActs: 'unreturned-acts',
  cardPayments: 'card-payments',
  // Manager KPIs
  kpiPeriod: 'kpi-period',
  kpiCalls: 'kpi-calls',
  kpiCallsOverdue: 'kpi-calls-overdue',
  kpiEntry: 'kpi-entry',
  kpiCompleteness: 'kpi-completeness',
  kpiAgreements: 'kpi-agreements',
  kpiAgreementsOverdue: 'kpi-agreements-overdue',
  kpiFeedback: 'kpi-feedback',
  kpiReaction: 'kpi-reaction',
  kpiThreatsOpen: 'kpi-threats-open',
  kpiPayment: 'kpi-payment',
  kpiActs: 'kpi-acts',
  kpiRevenue: 'kpi-revenue',
  kpiActive: 'kpi-active',
  kpiChurned: 'kpi-churned',
  kpiContacts: 'kpi-contacts',
  kpiScore: 'kpi-score',
  kpiMedian: 'kpi-median',
  // Sales: ABC / XYZ, growth × share
  revenueByMonth: 'revenue-by-month',
  abcWindow: 'abc-window',
  abc: 'abc',
  xyz: 'xyz',
  abcMatrix: 'abc-matrix',
  abcTransitions: 'abc-transitions',
  bcgShare: 'bcg-share',
  bcgGrowth: 'bcg-growth',
  bcgQuadrants: 'bcg-quadrants',
  // Preparation for a contact
  prepWindow: 'prep-window',
  prepType: 'prep-type',
  prepSections: 'prep-sections',
} as const;

export type MetricDocKey = keyof typeof METRIC_DOCS;
/** One anchor id of docs/metrics.md. */
export type MetricDoc = (typeof METRIC_DOCS)[MetricDocKey];

/** Every anchor id, in the order of the docs. */
export const metricDocIds: readonly MetricDoc[] = Object.values(METRIC_DOCS);

/** The in-app address of a definition. */
export const metricDocHref = (anchor: MetricDoc): string => `/help/metrics#${anchor}`;
