// Specialists never see values of rows outside their scope: rejected rows' reasons and raw lines,
// load messages and the event stream are redacted for them (lib/load/redact.ts), through the real
// route handlers with API keys; heads and executives still read everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as eventsRoute from '@/app/api/v1/events/route';
import * as loadRoute from '@/app/api/v1/loads/[loadId]/route';
import * as reportRoute from '@/app/api/v1/loads/[loadId]/report/route';
import * as loadsRoute from '@/app/api/v1/loads/route';
import { loadEventFrame, publishLoad, toLoadEvent } from '@/lib/live/events';
import type { LoadResult } from '@/lib/load';
import { loadMessageFor, redactLoadMessage } from '@/lib/load/redact';
import { createApiKey } from '@/lib/users/api-keys';
import { addUser } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { load, loadBase } from './util';

// Values from the rejected rows below: none may reach a specialist.
const SECRETS = ['99999', 'secret-status', 'ghost-spec', 'c13', 'сорок-два', '-777', 'Секретов', 'Тайна'];

let dir: string;
const key: Record<'spec' | 'head' | 'exec', string> = { spec: '', head: '', exec: '' };
let applied: LoadResult;
let rejected: LoadResult;
beforeAll(async () => {
  dir = await freshDataDir('sa-redact-');
  await loadBase(dir);
  // Applied with quarantined rows (threshold lifted): every kind of reason that quotes a value.
  process.env.REJECT_THRESHOLD_PCT = '100';
  applied = await load(dir, 'X2', { files: [
    { table: 'clients', mode: 'delta', rows: [
      { client_id: 'c10', name: 'ООО «Тайна»', status: 'active', specialist_id: 's2', inn: '99999' }, // 2: pattern
      { client_id: 'c11', name: 'ИП Секретов', status: 'secret-status', specialist_id: 's2' }, // 3: enum
      { client_id: 'c12', name: 'ООО «Ок»', status: 'active', specialist_id: 'ghost-spec' }, // 4: reference
      { client_id: 'c13', name: 'Дубль', status: 'active', specialist_id: 's2' }, // 5
      { client_id: 'c13', name: 'Дубль два', status: 'active', specialist_id: 's2' }, // 6: duplicate
    ] },
    { table: 'invoices', mode: 'delta', rows: [{ invoice_id: 'i10', client_id: 'c2', period: '2026-11', issued_on: '2026-11-01', due_on: '2026-11-10', amount: 'сорок-два' }] }, // 2: type
  ] });
  delete process.env.REJECT_THRESHOLD_PCT;
  // Rejected over the 1 % threshold: its message quotes an example row.
  rejected = await load(dir, 'X3', { files: [{ table: 'payments', mode: 'delta', rows: [{ payment_id: 'p10', invoice_id: 'i2', client_id: 'c2', paid_on: '2026-11-02', amount: '-777' }] }] });
  await addUser({ login: 'spec1', role: 'specialist', password: 'password-1', specialistId: 's1' });
  await addUser({ login: 'head1', role: 'head', password: 'password-1' });
  await addUser({ login: 'boss', role: 'executive', password: 'password-1' });
  key.spec = await createApiKey('spec1');
  key.head = await createApiKey('head1');
  key.exec = await createApiKey('boss');
});
afterAll(() => cleanupDataDir(dir));

type Handler = (r: Request, c: never) => Promise<Response>;
const call = (handler: Handler, path: string, k: string, params: Record<string, string> = {}, signal?: AbortSignal) =>
  handler(new Request(`http://x${path}`, { headers: { authorization: `Bearer ${k}` }, signal }), { params: Promise.resolve(params) } as never);
const getLoad = async (id: number, k: string) => (await call(loadRoute.GET, `/api/v1/loads/${id}`, k, { loadId: String(id) })).json();
const getLog = async (k: string) => (await call(loadsRoute.GET, '/api/v1/loads', k)).json();

describe('rejected rows and load messages through /api/v1/loads', () => {
  it('the fixture quarantined what it meant to, and rejected the second extract', () => {
    expect([applied.outcome, applied.rejected, rejected.outcome]).toEqual(['applied', 5, 'rejected']);
    expect(rejected.message).toContain('-777');
  });

  it('a specialist gets file, line, rule and column of each rejected row, and no value', async () => {
    const body = await getLoad(applied.loadId!, key.spec);
    expect(body.rejected.rows.map((r: { file: string; line: number; rule: string; reason: string; raw: string | null }) => [r.file, r.line, r.rule, r.reason, r.raw])).toEqual([
      ['clients.csv', 2, 'pattern', 'поле «inn»: значение не в нужном формате', null],
      ['clients.csv', 3, 'enum', 'поле «status»: недопустимое значение', null],
      ['clients.csv', 4, 'reference', 'поле «specialist_id»: нет такой записи в справочнике', null],
      ['clients.csv', 6, 'duplicate', 'поле «client_id»: ключ повторяется в файле (принята первая строка с этим ключом)', null],
      ['invoices.csv', 2, 'type', 'поле «amount»: значение не того типа', null],
    ]);
    const all = JSON.stringify([body, await getLoad(rejected.loadId!, key.spec), await getLog(key.spec)]);
    for (const s of SECRETS) expect(all).not.toContain(s);
  });

  it('a specialist reads a rejected extract\'s message without its examples; heads and executives read them', async () => {
    const mine = (await getLog(key.spec)).rows.find((r: { loadId: number }) => r.loadId === rejected.loadId);
    expect(mine.message).toBe('payments.csv: отклонено 1 из 1 строк (100,0 %) — больше порога 1 %, выгрузка не применена [правило threshold]. Примеры — в списке отклонённых строк.');
    expect((await getLoad(rejected.loadId!, key.spec)).load.message).toBe(mine.message);
    for (const k of [key.head, key.exec]) {
      const row = (await getLog(k)).rows.find((r: { loadId: number }) => r.loadId === rejected.loadId);
      expect(row.message).toBe(rejected.message);
    }
  });

  it('heads and executives still get the values and raw lines', async () => {
    for (const k of [key.head, key.exec]) {
      const rows = (await getLoad(applied.loadId!, k)).rejected.rows as Array<{ reason: string; raw: string | null }>;
      expect(rows.map((r) => r.reason)).toEqual([
        'поле «inn»: «99999» — ИНН: 10 или 12 цифр',
        'поле «status»: «secret-status» — допустимо: active, suspended, churned',
        'поле «specialist_id»: «ghost-spec» — нет такой записи в specialists (ни в хранилище, ни в этой выгрузке)',
        'ключ «client_id» = «c13» повторяется в файле (принята первая строка с этим ключом)',
        'поле «amount»: «сорок-два» — ожидается сумма (точка или запятая, пробелы между разрядами)',
      ]);
      expect(rows.every((r) => r.raw)).toBe(true);
    }
  });

  it('the readable report (it quotes whole lines) is for heads and executives only', async () => {
    const id = String(rejected.loadId);
    expect((await call(reportRoute.GET, `/api/v1/loads/${id}/report`, key.spec, { loadId: id })).status).toBe(403);
    expect(await (await call(reportRoute.GET, `/api/v1/loads/${id}/report`, key.head, { loadId: id })).text()).toContain('-777');
  });
});

describe('the event stream', () => {
  it('formats a load event per caller: the specialist\'s frame has no values, the head\'s has them', () => {
    const e = toLoadEvent(rejected);
    const spec = loadEventFrame(e, { role: 'specialist' });
    expect(spec).toMatch(/^event: load\ndata: .*\n\n$/);
    expect(JSON.parse(spec.split('\n')[1].slice(6))).toEqual({ ...e, message: redactLoadMessage(rejected.message, 'rejected') });
    expect(spec).not.toContain('-777');
    expect(loadEventFrame(e, { role: 'head' })).toContain('-777');
  });

  it('GET /api/v1/events sends each caller the frame for their role', async () => {
    const read = async (k: string) => {
      const ctl = new AbortController();
      const res = await call(eventsRoute.GET, '/api/v1/events', k, {}, ctl.signal);
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      expect(dec.decode((await reader.read()).value)).toContain('retry: 3000');
      return { next: async () => dec.decode((await reader.read()).value), close: () => ctl.abort() };
    };
    const spec = await read(key.spec);
    const head = await read(key.head);
    publishLoad(rejected);
    const [s, h] = [await spec.next(), await head.next()];
    spec.close();
    head.close();
    expect(s).toContain(`"extractId":"X3"`);
    for (const x of SECRETS) expect(s).not.toContain(x);
    expect(h).toContain('-777');
  });
});

describe('redactLoadMessage', () => {
  it('keeps messages of value-free rules and the loader\'s summaries; cuts others to file and rule', () => {
    const rows = 'payments.csv: в файле 3 строк данных, а в manifest.json указано 4 [правило rows]';
    expect(redactLoadMessage(rows, 'rejected')).toBe(rows);
    expect(redactLoadMessage('выгрузка X2 применена: добавлено 1, обновлено 0, удалено 0, отклонено строк 0', 'applied')).toContain('применена');
    // A rule whose message may quote keys (say, parents a delete would orphan) until it is vetted.
    expect(redactLoadMessage('clients.csv: удаление клиента «c1» оставило бы 3 счёта без клиента [правило delete_reference]', 'rejected'))
      .toBe('clients.csv: подробности видят руководители и директора [правило delete_reference]');
    // No rule at the end of a failure: nothing is known to be value-free.
    expect(redactLoadMessage('что-то с «ООО Тайна»', 'rejected')).toBe('подробности видят руководители и директора');
    // A value that imitates a rule inside the examples does not unlock them.
    const injected = 'teams.csv: отклонено 9 из 10 строк (90,0 %) — больше порога 1 %, выгрузка не применена [правило threshold]. Например: teams.csv:2: required — поле «name»: «Тайна [правило file]»';
    expect(redactLoadMessage(injected, 'rejected')).not.toContain('Тайна');
  });

  it('engine text that older loads stored under rule internal is shown to nobody', () => {
    const old = "внутренняя ошибка загрузки: Invalid Input Error: No magic bytes found at end of file '/srv/data/inbox/X/payments.parquet' [правило internal]";
    for (const role of ['head', 'executive', 'specialist'] as const) {
      expect(loadMessageFor({ role }, old, 'rejected')).toBe('внутренняя ошибка загрузки; подробности — в журнале сервера [правило internal]');
    }
  });
});
