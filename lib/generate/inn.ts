// ИНН (taxpayer number) with the official check digits (Order of the Federal Tax Service): 10 digits
// for organisations (one check digit), 12 for individual entrepreneurs (two check digits).
import type { Rng } from './prng';

const W10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const W11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function checkDigit(digits: string, weights: number[]): number {
  let s = 0;
  for (let i = 0; i < weights.length; i++) s += Number(digits[i]) * weights[i];
  return (s % 11) % 10;
}

/** True when `inn` is 10 or 12 digits with correct check digits. */
export function isValidInn(inn: string): boolean {
  if (/^\d{10}$/.test(inn)) return checkDigit(inn, W10) === Number(inn[9]);
  if (/^\d{12}$/.test(inn)) {
    return checkDigit(inn, W11) === Number(inn[10]) && checkDigit(inn, W12) === Number(inn[11]);
  }
  return false;
}

/** A random valid ИНН: 10 digits (organisation) or 12 (entrepreneur); `region` is the 2-digit tax region code. */
export function makeInn(rng: Rng, kind: 'org' | 'person', region: string): string {
  if (kind === 'org') {
    const base = region + rng.digits(2) + rng.digits(5);
    return base + checkDigit(base, W10);
  }
  const base = region + rng.digits(2) + rng.digits(6);
  const d11 = base + checkDigit(base, W11);
  return d11 + checkDigit(d11, W12);
}
