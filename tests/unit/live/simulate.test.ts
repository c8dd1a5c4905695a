import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyExtract, minutesBetween, replay, replayPlan } from '@/lib/live/simulate';

const tmp: string[] = [];
afterEach(() => { for (const d of tmp.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });
function dir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-'));
  tmp.push(d);
  return d;
}
function extract(root: string, id: string): void {
  fs.mkdirSync(path.join(root, id), { recursive: true });
  fs.writeFileSync(path.join(root, id, 'payments.csv'), 'payment_id\n1\n');
  fs.writeFileSync(path.join(root, id, 'manifest.json'), '{}');
}

describe('simulate', () => {
  it('minutes between extract ids, across days', () => {
    expect(minutesBetween('2026-11-20T08-00', '2026-11-20T12-30')).toBe(270);
    expect(minutesBetween('2026-11-19T20-00', '2026-11-20T08-00')).toBe(720);
    expect(() => minutesBetween('x', '2026-11-20T08-00')).toThrow(/идентификатор/);
  });

  it('plans the pauses by cut-off ÷ speed, skipping what was delivered', () => {
    const ids = ['2026-11-20T12-30', '2026-11-19T20-00', '2026-11-20T08-00', '2026-11-21T08-00'];
    expect(replayPlan(ids, 3600, () => false)).toEqual([
      { id: '2026-11-19T20-00', waitMs: 0 },
      { id: '2026-11-20T08-00', waitMs: 12_000 },
      { id: '2026-11-20T12-30', waitMs: 4_500 },
      { id: '2026-11-21T08-00', waitMs: 19_500 },
    ]);
    expect(replayPlan(ids, 60, (id) => id < '2026-11-20T12-30')).toEqual([
      { id: '2026-11-20T12-30', waitMs: 0 },
      { id: '2026-11-21T08-00', waitMs: 1_170_000 },
    ]);
    expect(() => replayPlan(ids, 0, () => false)).toThrow(/speed/);
  });

  it('copies the data files first and the manifest last', () => {
    const src = dir();
    const inbox = dir();
    extract(src, '2026-11-20T08-00');
    fs.writeFileSync(path.join(src, '2026-11-20T08-00', 'invoices.csv'), 'invoice_id\n1\n');
    const order: string[] = [];
    const dst = copyExtract(path.join(src, '2026-11-20T08-00'), inbox, (from, to) => {
      // When each file is copied, is the manifest already there?
      order.push(`${path.basename(to)}${fs.existsSync(path.join(path.dirname(to), 'manifest.json')) ? ' after manifest' : ''}`);
      fs.copyFileSync(from, to);
    });
    expect(order).toEqual(['invoices.csv', 'payments.csv', '.manifest.json.part']);
    expect(fs.readdirSync(dst).sort()).toEqual(['invoices.csv', 'manifest.json', 'payments.csv']);
    // The manifest is renamed into place: it never exists half-written.
    expect(fs.existsSync(path.join(dst, '.manifest.json.part'))).toBe(false);
  });

  it('replays into the inbox in order, waiting between, skipping the archived ones', async () => {
    const src = dir();
    const root = dir();
    for (const id of ['2026-11-19T20-00', '2026-11-20T08-00', '2026-11-20T12-30']) extract(src, id);
    fs.mkdirSync(path.join(root, 'archive', '2026-11-19T20-00'), { recursive: true });
    const waits: number[] = [];
    const lines: string[] = [];
    const n = await replay({
      source: src, inbox: path.join(root, 'inbox'), archive: path.join(root, 'archive'), speed: 3600,
      log: (l) => lines.push(l), sleep: async (ms) => { waits.push(ms); },
    });
    expect(n).toBe(2);
    expect(waits).toEqual([4_500]);
    expect(fs.readdirSync(path.join(root, 'inbox')).sort()).toEqual(['2026-11-20T08-00', '2026-11-20T12-30']);
    expect(lines.filter((l) => l.includes('положена'))).toHaveLength(2);
    // Again: everything delivered, nothing to do.
    expect(await replay({ source: src, inbox: path.join(root, 'inbox'), archive: path.join(root, 'archive'), speed: 1, log: () => undefined })).toBe(0);
  });
});
