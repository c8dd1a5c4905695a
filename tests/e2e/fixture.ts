// What scripts/e2e.ts prepared for the specs: ids and keys read from the e2e warehouse before the
// server started (the server then holds the file, so specs cannot query it themselves).
import fs from 'node:fs';
import path from 'node:path';
import type { DeltaInputs } from '../unit/live/daily-deltas';

export const E2E_DIR = 'tmp/e2e';
export const E2E_PASSWORD = 'e2e-pass-2026';

export interface E2eFixture {
  /** An invoice of 2026-11 with nothing paid (not even by the held extract): the live test pays it. */
  openInvoice: { id: string; clientId: string; amount: number };
  specialistA: string;
  specialistB: string;
  teamA: string;
  apiKeySpecA: string;
  apiKeyExec: string;
  apiKeySpecB: string;
  /** Rows for the daily client deltas the live project drops into the running app. */
  deltas: DeltaInputs;
  heldExtract: string;
  clientIds: string[];
  clientIdsOfA: string[];
  clientIdsOfTeamA: string[];
  /** Formula-like names (HOSTILE_CLIENT_NAMES) scripts/e2e.ts gave to clients, a specialist and a team. */
  hostile: { clients: Record<string, string>; specialistId: string; specialistName: string; teamId: string; teamName: string };
}

/**
 * Client names a spreadsheet would run as formulas (OWASP CSV injection); every CSV must prefix them
 * with `'`. Each has a word to search by (search.spec.ts searches other clients by name).
 */
export const HOSTILE_CLIENT_NAMES = ['=HYPERLINK("http://x","y")', '+cmd Торговля', '@SUM(A1) Сервис', '-2+3 Консалт', '\tООО Табуляция', '\rООО Возврат'];

export function readFixture(): E2eFixture {
  return JSON.parse(fs.readFileSync(path.resolve(E2E_DIR, 'fixture.json'), 'utf8')) as E2eFixture;
}

/** Logins the setup project signs in once; their sessions are saved for the specs. */
export const roleLogins = ['head', 'head-team', 'spec-a', 'exec'] as const;
export const stateFile = (login: string) => `tests/.auth/${login}.json`;
