// Loads run one at a time per process (a watcher and a CLI request must not interleave): a
// module-level promise chain, kept on globalThis so Next dev reloads share it.
const g = globalThis as unknown as { __loadQueue?: Promise<unknown> };

/** Run fn after every load queued before it has finished (success or not). */
export function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const prev = g.__loadQueue ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(fn);
  g.__loadQueue = next.catch(() => undefined);
  return next;
}
