// CSS class of a change: `up` (green) or `down` (red); none when it rounds to zero or is missing.
// Plain module (no 'use client'): server pages and client tables both call it.
export function deltaClass(d: number | null | undefined): string {
  if (d === null || d === undefined || Math.abs(d) < 0.05) return '';
  return d > 0 ? 'up' : 'down';
}
