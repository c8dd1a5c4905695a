// The inbox watcher (issue 8): an extract whose manifest is there is loaded by the same loader and
// announced to open pages; one without a manifest (still being copied) is left alone; a rejected
// one is announced with its message and changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onLoad, type LoadEvent } from '@/lib/live/events';
import { readyExtracts, scanInbox, watchInbox } from '@/lib/live/watcher';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { baseFiles, writeExtract } from '../load/build-extract';
import { inboxOf, snapshot } from '../load/util';

describe('inbox watcher', () => {
  let dir: string;
  const events: LoadEvent[] = [];
  let off: () => void;
  beforeAll(async () => {
    dir = await freshDataDir();
    off = onLoad((e) => events.push(e));
  });
  afterAll(async () => {
    off();
    await cleanupDataDir(dir);
  });

  it('loads a complete extract, leaves a half-copied one, announces what arrived', async () => {
    writeExtract(inboxOf(dir), '2026-11-22T08-00', { files: baseFiles() });
    writeExtract(inboxOf(dir), '2026-11-22T12-30', { files: [{ table: 'teams', mode: 'delta', rows: [{ team_id: 't9', name: 'Новый' }] }], manifest: false });
    expect(readyExtracts().map((d) => path.basename(d))).toEqual(['2026-11-22T08-00']);
    expect(await scanInbox()).toBe(1);
    expect(fs.existsSync(path.join(dir, 'archive', '2026-11-22T08-00'))).toBe(true);
    expect(fs.existsSync(path.join(inboxOf(dir), '2026-11-22T12-30'))).toBe(true);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ extractId: '2026-11-22T08-00', outcome: 'applied', asOf: '2026-11-22' });
    expect(events[0].loadId).toBeGreaterThan(0);
    expect(events[0].changed.clients).toBeGreaterThan(0);
    // Nothing more to do while the manifest is missing.
    expect(await scanInbox()).toBe(0);
    expect(events).toHaveLength(1);
  });

  it('a rejected extract is announced with its message and changes nothing', async () => {
    const before = await snapshot();
    writeExtract(inboxOf(dir), '2026-11-22T13-00', { asOf: '2026-11-22', files: [{ table: 'teams', mode: 'delta', content: 'team_id,name\nt1\n', manifestRows: 1 }] });
    expect(await scanInbox()).toBe(1);
    const e = events[events.length - 1];
    expect(e).toMatchObject({ extractId: '2026-11-22T13-00', outcome: 'rejected' });
    expect(e.message).toMatch(/teams\.csv/);
    expect(await snapshot()).toEqual(before);
  });

  it('the running watcher picks up a manifest within a few seconds of it appearing', async () => {
    const n = events.length;
    const stop = watchInbox();
    // The half-copied extract gets its manifest now (the rest of its files are already there).
    writeExtract(inboxOf(dir), '2026-11-22T12-30', { files: [{ table: 'teams', mode: 'delta', rows: [{ team_id: 't9', name: 'Новый' }] }] });
    const t0 = Date.now();
    while (events.length === n && Date.now() - t0 < 8000) await new Promise((r) => setTimeout(r, 100));
    stop();
    expect(Date.now() - t0).toBeLessThan(5000);
    // 12-30 sorts before the rejected 13-00, but a rejection is not an applied load: it applies.
    expect(events[n]).toMatchObject({ extractId: '2026-11-22T12-30', outcome: 'applied', changed: { teams: 1 } });
  });
});
