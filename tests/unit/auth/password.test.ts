import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '@/lib/users/password';

describe('password hash', () => {
  it('stores scrypt$N$r$p$salt$hash with N ≥ 16384 and verifies', async () => {
    const h = await hashPassword('correct horse');
    const [alg, n, r, p, salt, hash] = h.split('$');
    expect(alg).toBe('scrypt');
    expect(Number(n)).toBeGreaterThanOrEqual(16384);
    expect(Number(r)).toBe(8);
    expect(Number(p)).toBe(1);
    expect(salt.length).toBeGreaterThan(10);
    expect(hash.length).toBeGreaterThan(30);
    expect(await verifyPassword('correct horse', h)).toBe(true);
    expect(await verifyPassword('correct horsE', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('malformed hashes never verify', async () => {
    for (const bad of ['', 'plain', 'scrypt$x$8$1$a$b', 'bcrypt$16384$8$1$AAAA$AAAA', 'scrypt$16384$8$1$AAAA$']) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });
});
