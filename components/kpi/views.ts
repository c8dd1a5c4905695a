// The ranking's views (pure: server pages and the client table share it; a 'use client' module's
// plain values do not reach server components).
export const rankingViews = ['controls', 'overdue', 'results'] as const;
export type RankingView = (typeof rankingViews)[number];
