import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

// Proves that `npm run lint` (the repo's eslint.config.js) rejects planted violations of the
// dependency rules in DESIGN.md §4.1, and accepts the imports those rules allow.
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });

async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('dependency boundaries (eslint no-restricted-imports)', () => {
  it.each([
    ['libs/core/src/cqrs/planted.ts', `import { MikroORM } from '@mikro-orm/core';`],
    ['libs/core/src/cqrs/planted.ts', `import Redis from 'ioredis';`],
    ['libs/core/src/context/planted.ts', `import mongoose from 'mongoose';`],
    ['libs/core/src/module/planted.ts', `import amqp from 'amqplib';`],
    ['libs/core/src/module/planted.ts', `import passport from 'passport';`],
    ['libs/core/src/adapters/memory/planted.ts', `import pg from 'pg';`],
    ['libs/core/src/cqrs/planted.ts', `import { EventStoreModule } from '@cqrs-ddd/event-store';`],
    ['libs/core/src/telemetry/planted.ts', `import { NodeSDK } from '@opentelemetry/sdk-node';`],
    [
      'libs/core/src/telemetry/planted.ts',
      `import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';`,
    ],
    [
      'libs/core/src/telemetry/planted.ts',
      `import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';`,
    ],
    [
      'libs/core/src/telemetry/planted.ts',
      `import { resourceFromAttributes } from '@opentelemetry/resources';`,
    ],
    [
      'libs/core/src/context/planted.ts',
      `import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';`,
    ],
    [
      'libs/core/src/testing/planted.ts',
      `import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';`,
    ],
  ])('core rejects infrastructure and other libs: %s %s', async (file, source) => {
    const messages = await restrictedImports(file, `${source}\nexport const x = 1;\n`);
    expect(messages).toHaveLength(1);
  });

  it.each([
    ['libs/core/src/domain/planted.ts', `import { Injectable } from '@nestjs/common';`],
    ['libs/core/src/domain/planted.ts', `import { CommandBus } from '@nestjs/cqrs';`],
    ['libs/core/src/ports/planted.ts', `import { ClsService } from 'nestjs-cls';`],
    ['libs/core/src/ports/nested/planted.ts', `import { Observable } from 'rxjs';`],
    ['libs/core/src/domain/planted.ts', `import 'reflect-metadata';`],
  ])(
    'core/domain and core/ports reject Nest and framework imports: %s %s',
    async (file, source) => {
      const messages = await restrictedImports(file, `${source}\nexport const x = 1;\n`);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/pure TypeScript/);
    },
  );

  it.each([
    ['libs/core/src/cqrs/allowed.ts', `import { Injectable } from '@nestjs/common';`],
    ['libs/core/src/context/allowed.ts', `import { ClsService } from 'nestjs-cls';`],
    [
      'libs/core/src/domain/allowed.ts',
      `import { ConcurrencyError } from '../errors/concurrency.error.js';`,
    ],
    ['libs/core/src/telemetry/allowed.ts', `import { trace } from '@opentelemetry/api';`],
    [
      'libs/core/src/testing/allowed.ts',
      `import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';`,
    ],
    [
      'libs/core/src/telemetry/allowed.spec.ts',
      `import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';`,
    ],
    ['libs/event-store/src/allowed.ts', `import pg from 'pg';`],
    ['libs/event-store/src/allowed.ts', `import { EventStore } from '@cqrs-ddd/core';`],
  ])('allows what the rules allow: %s %s', async (file, source) => {
    expect(await restrictedImports(file, `${source}\nexport const x = 1;\n`)).toEqual([]);
  });
});
