// The bell's "seen up to" marks (lib/alerts/seen.ts) in app.sqlite: per user and kind, moving only
// forward, values bound and checked, kept across connections (migration 2 of lib/state).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAlertsSeen, markAlertsSeen, seenUpToSchema } from '@/lib/alerts/seen';
import { openAppStateDb, type StateDb } from '@/lib/state';
import { cleanupDataDir, freshDataDir } from '../helpers';

describe('alerts seen marks', () => {
  let db: StateDb;
  beforeAll(() => { db = openAppStateDb(':memory:'); });
  afterAll(() => db.close());

  it('none at first; marks are per user and per kind', () => {
    expect(getAlertsSeen('anna', db)).toEqual({});
    markAlertsSeen('anna', { threat: '2026-11-18T09:00:00', overdueContact: '2026-11-16T00:00:00' }, db);
    markAlertsSeen('boris', { complaint: '2026-11-19T15:00:00' }, db);
    expect(getAlertsSeen('anna', db)).toEqual({ threat: '2026-11-18T09:00:00', overdueContact: '2026-11-16T00:00:00' });
    expect(getAlertsSeen('boris', db)).toEqual({ complaint: '2026-11-19T15:00:00' });
  });

  it('a mark only moves forward; kinds not sent keep theirs', () => {
    const now = markAlertsSeen('anna', { threat: '2026-11-17T00:00:00', overdueAgreement: '2026-11-19T00:00:00' }, db);
    expect(now).toEqual({ threat: '2026-11-18T09:00:00', overdueContact: '2026-11-16T00:00:00', overdueAgreement: '2026-11-19T00:00:00' });
    markAlertsSeen('anna', { threat: '2026-11-21T08:30:00' }, db);
    expect(getAlertsSeen('anna', db).threat).toBe('2026-11-21T08:30:00');
  });

  it('values are bound, never spliced: a login with quotes is just a login', () => {
    const odd = "x'); DROP TABLE alerts_seen; --";
    markAlertsSeen(odd, { threat: '2026-11-18T09:00:00' }, db);
    expect(getAlertsSeen(odd, db)).toEqual({ threat: '2026-11-18T09:00:00' });
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'alerts_seen'").pluck().get()).toBe(1);
  });

  it('a bad time or kind is refused, by the schema and by the table', () => {
    expect(() => markAlertsSeen('anna', { threat: '2026-11-18 09:00' }, db)).toThrow();
    expect(seenUpToSchema.safeParse({ upTo: { threat: '2026-11-18T09:00:00' } }).success).toBe(true);
    expect(seenUpToSchema.safeParse({ upTo: { bogus: '2026-11-18T09:00:00' } }).success).toBe(false);
    expect(seenUpToSchema.safeParse({ upTo: { threat: 'вчера' } }).success).toBe(false);
    expect(seenUpToSchema.safeParse({ upTo: {}, extra: 1 }).success).toBe(false);
    expect(() => db.prepare("INSERT INTO alerts_seen VALUES ('a', 'threat', 'yesterday', 0)").run()).toThrow(/CHECK/);
  });

  it('a row of an unknown kind (a newer version wrote it) is ignored on read', () => {
    db.prepare("INSERT INTO alerts_seen VALUES ('anna', 'futureKind', '2026-11-18T09:00:00', 0)").run();
    expect(Object.keys(getAlertsSeen('anna', db)).sort()).toEqual(['overdueAgreement', 'overdueContact', 'threat']);
  });
});

describe('alerts seen marks in the app.sqlite file', () => {
  let dir: string;
  beforeAll(async () => { dir = await freshDataDir('sa-seen-'); });
  afterAll(() => cleanupDataDir(dir));

  it('survive closing and reopening the file', () => {
    const file = path.join(dir, 'seen.sqlite');
    const a = openAppStateDb(file);
    markAlertsSeen('anna', { complaint: '2026-11-19T15:00:00' }, a);
    a.close();
    const b = openAppStateDb(file);
    expect(getAlertsSeen('anna', b)).toEqual({ complaint: '2026-11-19T15:00:00' });
    b.close();
  });
});
