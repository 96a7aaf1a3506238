import { createHash } from 'node:crypto';
import { type ValidationIssue } from '@cqrs-ddd/core';
import type { PrincipalFields } from '../schema/principal-columns.js';

/** An API key to issue (or register) and the principal it authenticates as. */
export interface NewApiKey extends PrincipalFields {
  /** What the key is for, shown by `list` (e.g. `billing service`). */
  readonly name: string;
  /** When the key stops working. @default never */
  readonly expiresAt?: Date;
}

/** A stored API key as `ApiKeyStore.list` shows it: never the key, nor its hash. */
export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly principalId: string;
  readonly tenantId?: string;
  readonly roles: readonly string[];
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly createdAt: Date;
  readonly expiresAt?: Date;
  readonly revokedAt?: Date;
  readonly lastUsedAt?: Date;
}

/** Shortest key `ApiKeyStore.register` accepts (a key is only as strong as its entropy). */
export const MIN_API_KEY_LENGTH = 32;
/** Longest key `ApiKeyStore.verify` hashes; longer input is refused unhashed. */
export const MAX_API_KEY_LENGTH = 512;

/** The stored form of `key`: its SHA-256 digest, hex. */
export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** What is wrong with the name and expiry of `key` (empty when nothing is). */
export function apiKeyIssues(key: Partial<NewApiKey>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof key.name !== 'string' || key.name.trim() === '') {
    issues.push({ path: 'name', message: 'must be a non-empty string', rule: 'isNotEmpty' });
  }
  const { expiresAt } = key;
  if (
    expiresAt !== undefined &&
    !(expiresAt instanceof Date && !Number.isNaN(expiresAt.getTime()))
  ) {
    issues.push({ path: 'expiresAt', message: 'must be a valid Date', rule: 'isDate' });
  }
  return issues;
}
