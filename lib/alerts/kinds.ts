// The bell's alert kinds, in the order its headings show them (no imports: the bell, a client
// component, reads this too).
export const alertKinds = ['threat', 'complaint', 'overdueContact', 'overdueAgreement'] as const;
export type AlertKind = (typeof alertKinds)[number];
