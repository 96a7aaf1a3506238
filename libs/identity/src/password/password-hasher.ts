import { argon2id, hash, needsRehash, verify } from 'argon2';

/** Cost parameters of {@link PasswordHasher} (argon2id). */
export interface PasswordHasherOptions {
  /** Memory per hash, in KiB. @default 19456 (19 MiB, the OWASP minimum for argon2id) */
  readonly memoryCost?: number;
  /** Passes over the memory. @default 2 */
  readonly timeCost?: number;
  /** Lanes computed in parallel. @default 1 */
  readonly parallelism?: number;
}

/** The costs a {@link PasswordHasher} uses when none are given. */
export const DEFAULT_PASSWORD_HASHER_OPTIONS: Required<PasswordHasherOptions> = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/**
 * Hashes and verifies passwords with argon2id (the `argon2` package): a random salt per hash,
 * the parameters encoded in the PHC string it returns. Passwords are normalised to Unicode NFC
 * first, so equivalent spellings of the same text match.
 */
export class PasswordHasher {
  private readonly costs: Required<PasswordHasherOptions>;

  constructor(options: PasswordHasherOptions = {}) {
    this.costs = { ...DEFAULT_PASSWORD_HASHER_OPTIONS, ...options };
  }

  /** The argon2id PHC string (`$argon2id$v=19$m=...`) of `password`. */
  hash(password: string): Promise<string> {
    return hash(password.normalize('NFC'), { ...this.costs, type: argon2id });
  }

  /** True when `password` matches `hash`; false for a wrong password or a malformed hash. */
  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await verify(hash, password.normalize('NFC'));
    } catch {
      return false;
    }
  }

  /**
   * True when `hash` was made with other parameters than this hasher's (or is malformed): hash
   * the password again after a successful login.
   */
  needsRehash(hash: string): boolean {
    try {
      return !hash.startsWith('$argon2id$') || needsRehash(hash, this.costs);
    } catch {
      return true;
    }
  }
}
