// A small leveled logger for server code (style.md: no console.log in app code). LOG_LEVEL is
// error | warn | info | debug (default info); lines go to stderr with a level and a scope.
const levels = ['error', 'warn', 'info', 'debug'] as const;
type Level = (typeof levels)[number];

function threshold(): number {
  const i = levels.indexOf((process.env.LOG_LEVEL ?? 'info') as Level);
  return i < 0 ? levels.indexOf('info') : i;
}

/** A logger whose lines start with `[scope]`; messages use util.format placeholders (%s, %d). */
export function logger(scope: string): Record<Level, (msg: string, ...args: unknown[]) => void> {
  const at = (level: Level) => (msg: string, ...args: unknown[]) => {
    if (levels.indexOf(level) > threshold()) return;
    // eslint-disable-next-line no-console -- the one place that writes log lines
    console.error(`${new Date().toISOString()} ${level.toUpperCase()} [${scope}] ${msg}`, ...args);
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
