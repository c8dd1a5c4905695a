// Load events inside the app process (issue 8): every load attempt (by the inbox watcher or a CLI
// handed to the app) is published here, and the /api/v1/events stream passes it on to open
// pages. One emitter per process, kept on globalThis so Next's module copies share it.
import { EventEmitter } from 'node:events';
import { loadMessageFor, type Viewer } from '../load/redact';
import type { LoadResult } from '../load/types';

/** What an open page needs to know about a load: enough to refresh and to say what arrived. */
export interface LoadEvent {
  loadId: number | null;
  extractId: string;
  outcome: LoadResult['outcome'];
  asOf: string | null;
  /**
   * Rows added or changed per table (inserted + updated, less rows sent again unchanged: a `full`
   * payments file re-sends all 40 000 payments, and the notice said «+40 299 оплат» for a load
   * that added 737), tables with none left out.
   */
  changed: Record<string, number>;
  /** Russian message of the load (names file, line and rule); per caller, see loadEventFrame. */
  message: string;
  /** When the load ended, ISO. */
  at: string;
}

const g = globalThis as unknown as { __loadEvents?: EventEmitter };
function emitter(): EventEmitter {
  if (!g.__loadEvents) {
    g.__loadEvents = new EventEmitter();
    // Every open page holds one listener.
    g.__loadEvents.setMaxListeners(0);
  }
  return g.__loadEvents;
}

export function toLoadEvent(r: LoadResult, at = new Date()): LoadEvent {
  const changed: Record<string, number> = {};
  for (const f of r.files) {
    const n = f.inserted + f.updated - (f.unchanged ?? 0);
    if (n > 0) changed[f.table] = (changed[f.table] ?? 0) + n;
  }
  return { loadId: r.loadId ?? null, extractId: r.extractId, outcome: r.outcome, asOf: r.asOf ?? null, changed, message: r.message, at: at.toISOString() };
}

/**
 * The server-sent event for one caller: the message as that caller may read it (the loader's
 * text can quote field values of any client; specialists get it without them).
 */
export function loadEventFrame(e: LoadEvent, viewer: Viewer): string {
  return `event: load\ndata: ${JSON.stringify({ ...e, message: loadMessageFor(viewer, e.message, e.outcome) })}\n\n`;
}

/** Publish a finished load attempt; 'incomplete' (no manifest yet) is not an event. */
export function publishLoad(r: LoadResult): void {
  if (r.outcome === 'incomplete') return;
  emitter().emit('load', toLoadEvent(r));
}

/** Publish an event as it came from the loader process (lib/snapshots/follow.ts). */
export function publishLoadEvent(e: LoadEvent): void {
  emitter().emit('load', e);
}

/** Listen to load events; returns the unsubscribe function. */
export function onLoad(fn: (e: LoadEvent) => void): () => void {
  emitter().on('load', fn);
  return () => emitter().off('load', fn);
}
