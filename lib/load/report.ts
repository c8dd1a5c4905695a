// report.txt next to an archived or rejected extract (extracts.md rule 5): what happened, per-file
// counts, and each rejected row as file:line: rule — reason (first 1000).
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { LoadResult } from './types';

const OUTCOME_RU: Record<LoadResult['outcome'], string> = {
  applied: 'применена',
  unchanged: 'уже была применена, ничего не изменилось',
  rejected: 'отклонена, хранилище не изменилось',
  refused: 'не принята, хранилище не изменилось',
  incomplete: 'не завершена (нет manifest.json)',
};

export const REPORT_MAX_ROWS = 1000;

/** Write a rendered report to `file`. */
export function saveReport(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** The report's text; `withRows`: the connection still holds this load's _errs temp table. */
export async function renderReport(con: DuckDBConnection, r: LoadResult, withRows: boolean): Promise<string> {
  const lines: string[] = [
    `Выгрузка ${r.extractId}: ${OUTCOME_RU[r.outcome]}`,
    `Дата данных (as_of): ${r.asOf ?? '—'}`,
    `Журнал загрузок: load_id ${r.loadId ?? '—'}, ${(r.durationMs / 1000).toFixed(1)} с`,
    '',
    r.message,
    '',
  ];
  if (r.files.length) {
    lines.push('Файлы:');
    for (const f of r.files) {
      lines.push(`  ${f.file} (${f.table}, ${f.mode}${f.encoding ? `, ${f.encoding}` : ''}): строк ${f.rows}, добавлено ${f.inserted}, обновлено ${f.updated}${f.unchanged ? ` (из них без изменений ${f.unchanged})` : ''}, удалено ${f.deleted}, отклонено ${f.rejected}`
        + (f.unknownColumns.length ? `; неизвестные столбцы (пропущены): ${f.unknownColumns.join(', ')}` : ''));
    }
    lines.push('');
  }
  if (withRows && r.rejected > 0) {
    const rows = (await con.runAndReadAll(`SELECT file, line, rule, reason, raw FROM _errs ORDER BY table_name, line NULLS LAST LIMIT ${REPORT_MAX_ROWS}`)).getRowObjectsJson();
    lines.push(`Отклонённые строки (${r.rejected}${r.rejected > REPORT_MAX_ROWS ? `, показаны первые ${REPORT_MAX_ROWS}` : ''}):`);
    for (const e of rows) lines.push(`  ${e.file}:${e.line ?? '?'}: ${e.rule} — ${e.reason}${e.raw ? `  [${String(e.raw).replace(/\r?\n/g, '⏎')}]` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
