// The leveled logger: LOG_LEVEL filters, and lines carry level and scope.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '@/lib/log';

afterEach(() => { delete process.env.LOG_LEVEL; vi.restoreAllMocks(); });

describe('logger', () => {
  it('writes error and warn but not info at LOG_LEVEL=warn, with level and scope', () => {
    process.env.LOG_LEVEL = 'warn';
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const log = logger('load');
    log.error('failed %s', 'x');
    log.warn('slow');
    log.info('hello');
    expect(spy).toHaveBeenCalledTimes(2);
    expect(String(spy.mock.calls[0][0])).toMatch(/ ERROR \[load\] failed %s$/);
    expect(spy.mock.calls[0][1]).toBe('x');
    expect(String(spy.mock.calls[1][0])).toMatch(/ WARN \[load\] slow$/);
  });

  it('an unknown LOG_LEVEL falls back to info (debug stays quiet)', () => {
    process.env.LOG_LEVEL = 'loud';
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    logger('x').info('shown');
    logger('x').debug('hidden');
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
