// Replaying generated daily extracts into the inbox on a timer (issue 8, `npm run simulate`), so
// a demo shows the figures move as the morning and 12:30 extracts arrive. Each extract is copied
// data files first and manifest.json last (extracts.md: the manifest says the extract is whole),
// so the watcher never sees half an extract. The pause between two extracts is the time between
// their cut-offs (their ids: base at 20:00, then 08:00 and 12:30 each day) divided by `speed`.
import fs from 'node:fs';
import path from 'node:path';

/** Company minutes between two extract ids `YYYY-MM-DDTHH-MM` (same time zone, so plain arithmetic). */
export function minutesBetween(a: string, b: string): number {
  const at = (id: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})/.exec(id);
    if (!m) throw new Error(`не идентификатор выгрузки: ${id}`);
    return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) / 60_000;
  };
  return at(b) - at(a);
}

/** Copy one extract folder into the inbox, manifest.json last (through a temporary name, renamed). */
export function copyExtract(src: string, inbox: string, copy: (from: string, to: string) => void = fs.copyFileSync): string {
  const id = path.basename(src);
  const dst = path.join(inbox, id);
  fs.mkdirSync(dst, { recursive: true });
  const files = fs.readdirSync(src).filter((f) => f !== 'manifest.json').sort();
  for (const f of files) copy(path.join(src, f), path.join(dst, f));
  const tmp = path.join(dst, '.manifest.json.part');
  copy(path.join(src, 'manifest.json'), tmp);
  fs.renameSync(tmp, path.join(dst, 'manifest.json'));
  return dst;
}

export interface ReplayStep { id: string; waitMs: number }

/**
 * The replay plan: extracts (ids in order) not yet in `archive` or the inbox, each with the pause
 * before it. The first one goes at once.
 */
export function replayPlan(ids: string[], speed: number, skip: (id: string) => boolean): ReplayStep[] {
  if (!(speed > 0)) throw new Error(`--speed: число больше 0, получено ${speed}`);
  const todo = [...ids].sort().filter((id) => !skip(id));
  return todo.map((id, i) => ({ id, waitMs: i === 0 ? 0 : Math.round((minutesBetween(todo[i - 1], id) * 60_000) / speed) }));
}

/** Drop the extracts of `source` into `inbox` on the plan's timer; `log` hears each step. */
export async function replay(opts: {
  source: string;
  inbox: string;
  archive: string;
  speed: number;
  log: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}): Promise<number> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const ids = fs.readdirSync(opts.source, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(opts.source, d.name, 'manifest.json')))
    .map((d) => d.name);
  const seen = (id: string) => fs.existsSync(path.join(opts.archive, id)) || fs.existsSync(path.join(opts.inbox, id));
  const plan = replayPlan(ids, opts.speed, seen);
  if (plan.length === 0) {
    opts.log('Все выгрузки уже во входящей папке или в архиве: воспроизводить нечего.');
    return 0;
  }
  fs.mkdirSync(opts.inbox, { recursive: true });
  for (const step of plan) {
    if (step.waitMs > 0) {
      opts.log(`  следующая ${step.id} через ${(step.waitMs / 1000).toFixed(1)} с…`);
      await sleep(step.waitMs);
    }
    copyExtract(path.join(opts.source, step.id), opts.inbox);
    opts.log(`${new Date().toLocaleTimeString('ru-RU')}: выгрузка ${step.id} положена во входящую папку`);
  }
  return plan.length;
}
