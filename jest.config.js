/**
 * Jest projects, one per test level (DESIGN.md §7):
 *   unit         `*.spec.ts`      no I/O
 *   integration  `*.int-spec.ts`  real PostgreSQL / Redis / RabbitMQ / NATS / Mongo stand-in
 *   e2e          `*.e2e-spec.ts`  boots Nest apps over real HTTP
 * Run with `node --experimental-vm-modules` (the `npm test` scripts do): NestJS 12 is ESM-only.
 * On 2-core machines jest runs all files in its own process (one worker = in band), where ESM
 * test modules are not freed between files: `npm test` raises the heap limit to 10 GiB for that.
 */
import { existsSync } from 'node:fs';

const roots = ['libs', 'apps', '.ci']
  .filter((dir) => existsSync(dir))
  .map((dir) => `<rootDir>/${dir}`);

const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper: {
    '^@cqrs-ddd/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^@cqrs-ddd/([a-z-]+)/([a-z-]+)$': '<rootDir>/libs/$1/src/$2/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  modulePathIgnorePatterns: ['<rootDir>/libs/.*/dist/', '<rootDir>/apps/.*/dist/'],
  rootDir: '.',
  roots,
};

export default {
  // Jest reads the timeout from the global config only. Integration and e2e tests talk to real
  // services on a 2-core machine, where a connection can take seconds under load.
  testTimeout: 30_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['**/*.int-spec.ts'],
      globalSetup: '<rootDir>/.ci/jest/global-setup.js',
      globalTeardown: '<rootDir>/.ci/jest/global-teardown.js',
      setupFilesAfterEnv: ['<rootDir>/.ci/jest/database-per-file.js'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/.ci/jest/global-setup.js',
      globalTeardown: '<rootDir>/.ci/jest/global-teardown.js',
      setupFilesAfterEnv: ['<rootDir>/.ci/jest/database-per-file.js'],
    },
  ],
};
