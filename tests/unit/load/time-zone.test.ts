// Naive timestamps in the warehouse are company local time (extracts.md), whatever the server's
// zone: the load log's times must be too, or the as-of badge shows the server's clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getLatestAsOf, loadInbox } from '@/lib/load';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { baseFiles, writeExtract } from './build-extract';
import { inboxOf } from './util';

let dir: string;
const savedTz = process.env.COMPANY_TZ;
beforeEach(async () => { dir = await freshDataDir(); });
afterEach(async () => {
  await cleanupDataDir(dir);
  if (savedTz === undefined) delete process.env.COMPANY_TZ; else process.env.COMPANY_TZ = savedTz;
});

/** Minutes between a naive 'YYYY-MM-DD HH:MM:SS' and now as seen in `timeZone`. */
function minutesFromNowIn(naive: string, timeZone: string): number {
  const nowThere = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date());
  return Math.abs(Date.parse(`${nowThere.replace(' ', 'T')}Z`) - Date.parse(`${naive.replace(' ', 'T')}Z`)) / 60_000;
}

describe('load log times', () => {
  it.each(['Europe/Moscow', 'Asia/Vladivostok'])('are stamped in the company time zone %s', async (tz) => {
    process.env.COMPANY_TZ = tz;
    writeExtract(inboxOf(dir), '2026-11-22T08-00', { asOf: '2026-11-22', files: baseFiles() });
    const [r] = await loadInbox();
    expect(r.outcome).toBe('applied');
    const latest = await getLatestAsOf();
    expect(minutesFromNowIn(latest!.finishedAt, tz)).toBeLessThan(2);
  });

  it('refuses a COMPANY_TZ that is not an IANA name', async () => {
    process.env.COMPANY_TZ = "Europe/Moscow'; DROP TABLE users; --";
    writeExtract(inboxOf(dir), '2026-11-22T08-00', { asOf: '2026-11-22', files: baseFiles() });
    await expect(loadInbox()).rejects.toThrow(/COMPANY_TZ/);
  });
});
