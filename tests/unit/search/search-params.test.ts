// GET /api/v1/clients/search parameters: q of 2–100 characters, limit 1–100 (default 20); anything
// else is a BadRequestError (→ 400 with a Russian message), never a 500.
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '@/lib/auth/session';
import { parseSearchParams } from '@/lib/search/search-params';

const parse = (qs: string) => parseSearchParams(new URLSearchParams(qs));

describe('parseSearchParams', () => {
  it('q trimmed, limit defaults to 20', () => {
    expect(parse('q=%20Иванов%20')).toEqual({ q: 'Иванов', limit: 20 });
    expect(parse('q=ив&limit=100')).toEqual({ q: 'ив', limit: 100 });
    expect(parse('q=ив&limit=1')).toEqual({ q: 'ив', limit: 1 });
  });

  it.each(['', 'q=', 'q=и', 'q=%20%20и%20', `q=${'я'.repeat(101)}`])('q in %s is refused in Russian', (qs) => {
    expect(() => parse(qs)).toThrow(BadRequestError);
    expect(() => parse(qs)).toThrow(/символ/);
  });

  it.each(['0', '101', '-1', '2.5', 'abc', '', '1e2'])('limit=%s is refused', (limit) => {
    expect(() => parse(`q=ив&limit=${limit}`)).toThrow(/limit: целое от 1 до 100/);
  });
});
