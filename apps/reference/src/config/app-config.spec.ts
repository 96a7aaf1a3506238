import { describe, expect, it } from '@jest/globals';
import {
  AppConfigError,
  DEFAULT_EMBEDDED_POSTGRES_DIR,
  loadAppConfig,
  redactDatabaseUrl,
} from './app-config.js';

describe('loadAppConfig', () => {
  it('defaults to port 3000, embedded PostgreSQL under .data/postgres and the Postgres read store', () => {
    expect(loadAppConfig({})).toEqual({
      port: 3000,
      databaseUrl: undefined,
      embeddedPostgresDir: DEFAULT_EMBEDDED_POSTGRES_DIR,
      readModelStore: 'postgres',
      readModelWaitMs: 5000,
    });
    expect(DEFAULT_EMBEDDED_POSTGRES_DIR).toMatch(/[\\/]\.data[\\/]postgres$/);
    expect(DEFAULT_EMBEDDED_POSTGRES_DIR).not.toMatch(/apps[\\/]reference/);
  });

  it('reads every variable, treating blank ones as unset', () => {
    expect(
      loadAppConfig({
        PORT: '8080',
        DATABASE_URL: 'postgres://app@db:5432/orders',
        EMBEDDED_POSTGRES_DIR: '/tmp/pg',
        READ_MODEL_STORE: 'memory',
        READ_MODEL_WAIT_MS: ' 250 ',
      }),
    ).toEqual({
      port: 8080,
      databaseUrl: 'postgres://app@db:5432/orders',
      embeddedPostgresDir: '/tmp/pg',
      readModelStore: 'memory',
      readModelWaitMs: 250,
    });
    expect(loadAppConfig({ DATABASE_URL: '  ', PORT: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
    });
  });

  it('lists every invalid variable in one error', () => {
    const read = () =>
      loadAppConfig({
        PORT: '70000',
        DATABASE_URL: 'mysql://x',
        READ_MODEL_STORE: 'mongo',
        READ_MODEL_WAIT_MS: '1.5',
      });
    expect(read).toThrow(AppConfigError);
    try {
      read();
    } catch (error) {
      expect((error as AppConfigError).problems).toHaveLength(4);
      expect((error as AppConfigError).message).toContain(
        'PORT must be an integer from 0 to 65535',
      );
    }
  });
});

describe('redactDatabaseUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactDatabaseUrl('postgres://user:secret@db:5432/app')).toBe(
      'postgres://user:***@db:5432/app',
    );
    expect(redactDatabaseUrl('postgres://user@db/app')).toBe('postgres://user@db/app');
    expect(redactDatabaseUrl('not a url')).not.toContain('not a url');
  });
});
