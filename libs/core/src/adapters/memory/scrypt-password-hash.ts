import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/** A salted scrypt hash of a password, with the parameters needed to verify it later. */
export interface ScryptPasswordHash {
  readonly salt: Buffer;
  readonly hash: Buffer;
  /** scrypt CPU/memory cost N (a power of two). */
  readonly cost: number;
}

/** scrypt N used when none is given: Node's default, ~50 ms per hash on a server core. */
export const DEFAULT_SCRYPT_COST = 16_384;
const KEY_LENGTH = 64;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, cost: number): Promise<Buffer> {
  const options: ScryptOptions = { N: cost, r: 8, p: 1, maxmem: 256 * cost * 8 + 1_048_576 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes `password` with a fresh random salt (passwords are NFC-normalised first). */
export async function hashPassword(
  password: string,
  cost = DEFAULT_SCRYPT_COST,
): Promise<ScryptPasswordHash> {
  const salt = randomBytes(SALT_LENGTH);
  return { salt, hash: await derive(password, salt, cost), cost };
}

/** Whether `password` matches `stored`, compared in constant time. */
export async function verifyPassword(
  password: string,
  stored: ScryptPasswordHash,
): Promise<boolean> {
  const candidate = await derive(password, stored.salt, stored.cost);
  return timingSafeEqual(candidate, stored.hash);
}
