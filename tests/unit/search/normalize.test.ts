// Search normalisation (lib/search/normalize.ts) and its SQL twins in the index build
// (lib/search/search-index.ts): the query side and the index side must turn the same text into
// the same terms, or a stored phone or name could never be found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '@/lib/db';
import {
  contractKey, deletions, editDistance, nameWords, normalizeText, orgForms, parseSearchQuery, phoneKey,
  restPattern, reversedDigits,
} from '@/lib/search/normalize';
import { contractCharsSql, contractKeySql, nameWordsSql, normTextSql, phoneDigitsSql, phoneKeySql } from '@/lib/search/search-index';
import { cleanupDataDir, freshDataDir } from '../helpers';

describe('phoneKey: one national number from any way of writing it', () => {
  it.each([
    ['+7 (912) 345-67-89', '9123456789'],
    ['89123456789', '9123456789'],
    ['8 912 345 67 89', '9123456789'],
    ['+79123456789', '9123456789'],
    ['7 912 345-67-89', '9123456789'],
    ['9123456789', '9123456789'],
    ['(495) 123-45-67 доб. 321', '4951234567'],
    ['12-34-56', '123456'],
  ])('%s → %s', (raw, key) => {
    expect(phoneKey(raw)).toBe(key);
  });

  it('too short to be a phone: no key', () => {
    expect(phoneKey('12-34')).toBeNull();
    expect(phoneKey('нет')).toBeNull();
  });

  it('the index term is reversed, so the last digits are a prefix of it', () => {
    const term = reversedDigits(phoneKey('+7 (912) 345-67-89')!);
    expect(term.startsWith(reversedDigits('6789'))).toBe(true);
    expect(term.startsWith(reversedDigits('5678'))).toBe(false);
  });
});

describe('text, names and contracts', () => {
  it('ё is е, case does not matter', () => {
    expect(normalizeText('Семёнов ЁЛКИН')).toBe('семенов елкин');
    expect(nameWords('СЕМЁНОВА Алёна')).toEqual(nameWords('семенова алена'));
  });

  it('organisation forms and punctuation are not words: ООО "Ромашка" = «Ромашка»', () => {
    expect(nameWords('ООО "Ромашка"')).toEqual(['ромашка']);
    expect(nameWords('ООО «Ромашка»')).toEqual(['ромашка']);
    expect(nameWords('ИП Иванов И.П.')).toEqual(['иванов', 'и', 'п']);
    expect(nameWords('АО «Вектор-Строй №12»')).toEqual(['вектор', 'строй', '12']);
  });

  it('contract keys keep letters and digits, without the series, so it may be left out', () => {
    expect(contractKey('Д-2019/00123')).toBe('201900123');
    expect(contractKey('д 2019 00123')).toBe('201900123');
    expect(contractKey('2019/00123')).toBe('201900123');
    expect(contractKey('ДГ 12/34-К')).toBe('1234к');
    expect(contractKey('А/Б')).toBe('аб');
  });
});

describe('parseSearchQuery', () => {
  it('a formatted phone is a phone, not an INN', () => {
    expect(parseSearchQuery('+7 (912) 345-67-89')).toMatchObject({ phone: '9123456789', inn: null, numeric: true });
    expect(parseSearchQuery('8 912 345 67 89')).toMatchObject({ phone: '9123456789', inn: null });
  });

  it('bare digits may be a phone, its last digits or an INN', () => {
    expect(parseSearchQuery('89123456789')).toMatchObject({ phone: '9123456789', inn: '89123456789' });
    expect(parseSearchQuery('6789')).toMatchObject({ phone: '6789', inn: null });
    expect(parseSearchQuery('770123')).toMatchObject({ phone: '770123', inn: '770123' });
    expect(parseSearchQuery('7701234567')).toMatchObject({ phone: '7701234567', inn: '7701234567' });
    expect(parseSearchQuery('123')).toMatchObject({ phone: null, inn: null });
  });

  it('surname + initials: the lead word and the initials after it', () => {
    for (const q of ['Иванов И.П.', 'Иванов И П', 'иванов и. п.']) {
      const p = parseSearchQuery(q);
      expect(p).toMatchObject({ lead: 'иванов', after: ['и', 'п'], phone: null, contract: null });
      expect(restPattern(p.after)).toBe('и% п%');
    }
    expect(parseSearchQuery('Иванов Иван')).toMatchObject({ lead: 'иванов', after: ['иван'] });
  });

  it('a contract number is a contract key (and its words are not completed as names)', () => {
    expect(parseSearchQuery('Д-2019/00123')).toMatchObject({ contract: '201900123', phone: null });
  });

  it('nothing searchable in a bare organisation form', () => {
    expect(parseSearchQuery('ООО')).toMatchObject({ lead: null, phone: null, inn: null, contract: null });
  });
});

describe('one typo', () => {
  it('edit distance counts letters, and a swap of neighbours is one edit', () => {
    expect(editDistance('иванов', 'иваноф')).toBe(1);
    expect(editDistance('иванов', 'ивнаов')).toBe(1);
    expect(editDistance('иванов', 'иванова')).toBe(1);
    expect(editDistance('иванов', 'иваов')).toBe(1);
    expect(editDistance('иванов', 'петров')).toBeGreaterThan(1);
  });

  it('words within one edit share a deletion (SymSpell)', () => {
    const share = (a: string, b: string) => {
      const da = new Set([a, ...deletions(a)]);
      return [b, ...deletions(b)].some((d) => da.has(d));
    };
    for (const [a, b] of [['иванов', 'иваноф'], ['иванов', 'ивнаов'], ['иванов', 'иванова'], ['смирнов', 'смрнов']]) {
      expect(editDistance(a, b)).toBe(1);
      expect(share(a, b)).toBe(true);
    }
    expect(deletions('анна')).toEqual(['нна', 'ана', 'анн']);
  });
});

describe('the index build normalises exactly like the query side', () => {
  let dir: string;
  beforeAll(async () => { dir = await freshDataDir(); });
  afterAll(() => cleanupDataDir(dir));

  const texts = ['ООО «Ромашка»', 'ИП Семёнов Ё.Л.', 'АО "Вектор-Строй №12"', 'Пётр  ЛЮТИКОВ', 'Кафе «Берёзка», ул. Ленина, 7', 'гбу ЦСО № 3'];
  const phones = ['+7 (912) 345-67-89', '89123456789', '8 912 345 67 89', '(495) 123-45-67 доб. 321', '12-34', '+7 912 345-67-89'];
  const contracts = ['Д-2019/00123', 'ДГ 12/34-К', '2020-15', 'А/Б'];

  it('text, name words, phone keys and contract keys', async () => {
    for (const s of texts) {
      const [r] = await query<{ norm: string; ws: string[] }>(
        `SELECT ${normTextSql('$s')} AS norm, list_filter(${nameWordsSql('$s')}, w -> true) AS ws`, { s, orgForms: [...orgForms] });
      expect(r.norm, s).toBe(normalizeText(s));
      expect(r.ws, s).toEqual(nameWords(s));
    }
    for (const s of phones) {
      const [r] = await query<{ k: string | null }>(`SELECT ${phoneKeySql('d')} AS k FROM (SELECT ${phoneDigitsSql('$s')} AS d)`, { s });
      expect(r.k, s).toBe(phoneKey(s));
    }
    for (const s of contracts) {
      const [r] = await query<{ k: string }>(`SELECT ${contractKeySql('k')} AS k FROM (SELECT ${contractCharsSql('$s')} AS k)`, { s });
      expect(r.k, s).toBe(contractKey(s));
    }
  });
});
