import type { NestInterceptor, Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { InMemoryIdempotencyStore } from '../adapters/memory/in-memory-idempotency-store.adapter.js';
import { InMemoryUnitOfWork } from '../adapters/memory/in-memory-unit-of-work.adapter.js';
import { SystemClock } from '../adapters/system-clock.adapter.js';
import { UuidV7IdGenerator } from '../adapters/uuid-v7-id-generator.adapter.js';
import { RequestContextInterceptor } from '../context/request-context.interceptor.js';
import { RequestContextMiddleware } from '../context/request-context.middleware.js';
import {
  REQUEST_CONTEXT_OPTIONS,
  resolveRequestContextOptions,
  type ResolvedRequestContextOptions,
} from '../context/request-context.options.js';
import { RequestContext } from '../context/request-context.service.js';
import { buildPipelineSteps } from '../cqrs/built-in-steps.js';
import { CqrsPipeline } from '../cqrs/cqrs-pipeline.service.js';
import { CQRS_PIPELINE_STEPS } from '../cqrs/pipeline-steps.token.js';
import { Clock } from '../ports/clock.port.js';
import { IdGenerator } from '../ports/id-generator.port.js';
import { IdempotencyStore } from '../ports/idempotency-store.port.js';
import { TRANSACTIONAL_UNIT_OF_WORK, UnitOfWork } from '../ports/unit-of-work.port.js';
import type { CqrsDddModuleOptions } from './cqrs-ddd-module.options.js';
import { CQRS_DDD_MODULE_OPTIONS } from './cqrs-ddd.module-definition.js';

const passThrough: NestInterceptor = { intercept: (_context, next) => next.handle() };

/** Providers of `CqrsDddModule`: ports (option or in-memory default), pipeline, context. */
export const cqrsDddProviders: Provider[] = [
  {
    provide: Clock,
    inject: [CQRS_DDD_MODULE_OPTIONS],
    useFactory: (options: CqrsDddModuleOptions) => options.clock ?? new SystemClock(),
  },
  {
    provide: IdGenerator,
    inject: [CQRS_DDD_MODULE_OPTIONS],
    useFactory: (options: CqrsDddModuleOptions) => options.idGenerator ?? new UuidV7IdGenerator(),
  },
  {
    provide: UnitOfWork,
    inject: [CQRS_DDD_MODULE_OPTIONS, { token: TRANSACTIONAL_UNIT_OF_WORK, optional: true }],
    useFactory: (options: CqrsDddModuleOptions, transactional?: UnitOfWork) =>
      options.unitOfWork ?? transactional ?? new InMemoryUnitOfWork(),
  },
  {
    provide: IdempotencyStore,
    inject: [CQRS_DDD_MODULE_OPTIONS, Clock],
    useFactory: (options: CqrsDddModuleOptions, clock: Clock) =>
      options.idempotencyStore ?? new InMemoryIdempotencyStore(clock),
  },
  {
    provide: REQUEST_CONTEXT_OPTIONS,
    inject: [CQRS_DDD_MODULE_OPTIONS],
    useFactory: (options: CqrsDddModuleOptions) => resolveRequestContextOptions(options.context),
  },
  {
    provide: CQRS_PIPELINE_STEPS,
    inject: [CQRS_DDD_MODULE_OPTIONS, IdGenerator, UnitOfWork, IdempotencyStore],
    useFactory: (
      options: CqrsDddModuleOptions,
      ids: IdGenerator,
      unitOfWork: UnitOfWork,
      idempotencyStore: IdempotencyStore,
    ) => buildPipelineSteps(options.pipeline ?? {}, { ids, unitOfWork, idempotencyStore }),
  },
  CqrsPipeline,
  RequestContext,
  RequestContextMiddleware,
  RequestContextInterceptor,
  {
    provide: APP_INTERCEPTOR,
    inject: [REQUEST_CONTEXT_OPTIONS, RequestContextInterceptor],
    useFactory: (options: ResolvedRequestContextOptions, interceptor: RequestContextInterceptor) =>
      options.interceptor ? interceptor : passThrough,
  },
];

/** What `CqrsDddModule` exports (besides the modules given in `modules`). */
export const cqrsDddExports = [
  Clock,
  IdGenerator,
  UnitOfWork,
  IdempotencyStore,
  RequestContext,
  RequestContextInterceptor,
  CqrsPipeline,
  REQUEST_CONTEXT_OPTIONS,
];
