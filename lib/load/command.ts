// `npm run load [-- --inbox DIR] [--force] [--json] [EXTRACT_DIR ...]`: load extracts and print a
// summary. scripts/load.ts runs it with the snapshot loader (lib/snapshots/command.ts); by default
// it loads into the door's warehouse (tests). Lines go through `out`, the progress bar to a TTY only.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { listInbox, loadExtract, type LoadOptions, type LoadProgress, type LoadResult } from './index';

export const USAGE = 'Использование: npm run load -- [--inbox ПАПКА] [--force] [--json] [ПАПКА_ВЫГРУЗКИ ...]';

export const OUTCOME_RU: Record<LoadResult['outcome'], string> = {
  applied: 'применена', unchanged: 'без изменений', rejected: 'ОТКЛОНЕНА', refused: 'НЕ ПРИНЯТА', incomplete: 'не завершена',
};

function progressBar(): { onProgress?: (p: LoadProgress) => void; clear: () => void } {
  const tty = process.stderr.isTTY;
  if (!tty) return { clear: () => undefined };
  let drawn = false;
  return {
    onProgress: (p) => {
      const pct = p.total ? Math.floor((100 * p.done) / p.total) : 0;
      const width = 20;
      const fill = Math.round((pct / 100) * width);
      process.stderr.write(`\r\x1b[K${p.extractId} ${p.table ?? ''} ${p.step} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${pct}%`);
      drawn = true;
    },
    clear: () => { if (drawn) process.stderr.write('\r\x1b[K'); drawn = false; },
  };
}

/** One summary line per extract: outcome, rows ins/upd/del/rej, seconds, rows/s. */
export function summaryLine(r: LoadResult): string {
  const rows = r.files.reduce((s, f) => s + f.rows, 0);
  const sec = r.durationMs / 1000;
  const rate = sec > 0 && rows ? `, ${Math.round(rows / sec).toLocaleString('ru-RU')} строк/с` : '';
  return `${r.extractId}: ${OUTCOME_RU[r.outcome]} — добавлено ${r.inserted}, обновлено ${r.updated}, удалено ${r.deleted}, отклонено ${r.rejected}; ${sec.toFixed(1)} с${rate}`;
}

/** Run the load CLI; returns the exit code (1 when any extract was rejected or refused). */
export async function runLoadCommand(argv: string[], out: (line: string) => void,
  loadOne: (dir: string, opts: LoadOptions) => Promise<LoadResult> = loadExtract): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: {
      inbox: { type: 'string' }, force: { type: 'boolean', default: false }, json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    } });
  } catch (e) {
    out(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) { out(USAGE); return 0; }
  const bar = args.values.json ? { onProgress: undefined, clear: () => undefined } : progressBar();
  const opts = { force: args.values.force, onProgress: bar.onProgress };
  let results: LoadResult[];
  try {
    results = args.positionals.length
      ? await args.positionals.reduce<Promise<LoadResult[]>>(async (acc, d) => [...(await acc), await loadOne(path.resolve(d), opts)], Promise.resolve([]))
      : await listInbox(args.values.inbox ? path.resolve(args.values.inbox) : undefined)
        .reduce<Promise<LoadResult[]>>(async (acc, d) => [...(await acc), await loadOne(d, opts)], Promise.resolve([]));
  } finally {
    bar.clear();
  }
  if (args.values.json) {
    out(JSON.stringify(results, null, 2));
  } else {
    if (!results.length) out('Во входящей папке нет выгрузок.');
    for (const r of results) {
      out(summaryLine(r));
      if (r.outcome !== 'applied' || r.rejected) out(`  ${r.message}`);
      if (r.reportPath && r.outcome !== 'applied') out(`  отчёт: ${r.reportPath}`);
    }
  }
  return results.some((r) => r.outcome === 'rejected' || r.outcome === 'refused') ? 1 : 0;
}
