import { AuditSink, Clock, IdGenerator, SystemClock, UuidV7IdGenerator } from '@cqrs-ddd/core';
import { MikroORM } from '@mikro-orm/core';
import type { Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AuditStore } from '../chain/audit.store.js';
import { AuditCommitStep } from '../pipeline/audit-commit.step.js';
import { AuditSuccessRecords } from '../pipeline/audit-success.records.js';
import { AuditStep } from '../pipeline/audit.step.js';
import { PipelineAuditEntries } from '../pipeline/pipeline-audit.entries.js';
import { AuditRecorder } from '../recording/audit-recorder.js';
import { AuditRedactor } from '../recording/audit-redactor.js';
import { AuditService } from '../recording/audit.service.js';
import type { AuditModuleOptions } from './audit-module.options.js';
import { AuditRetentionSweeper } from './audit-retention.sweeper.js';
import { createAuditStore } from './audit-store.factory.js';
import { AUDIT_MODULE_OPTIONS } from './audit.module-definition.js';
import { AuditSettings } from './audit.settings.js';

/** Injection token of the module's store itself (the `AuditStore` provider is the recorder). */
export const AUDIT_BASE_STORE = Symbol('cqrs-ddd:AUDIT_BASE_STORE');

/** Providers of `AuditModule` (besides the options). */
export const auditProviders: Provider[] = [
  {
    provide: AuditSettings,
    inject: [AUDIT_MODULE_OPTIONS],
    useFactory: (options: AuditModuleOptions) => AuditSettings.from(options),
  },
  {
    provide: AUDIT_BASE_STORE,
    // AuditSettings first: the options are validated before anything is created.
    inject: [AUDIT_MODULE_OPTIONS, AuditSettings, ModuleRef, { token: MikroORM, optional: true }],
    useFactory: (
      options: AuditModuleOptions,
      _settings: AuditSettings,
      moduleRef: ModuleRef,
      orm?: MikroORM,
    ) => createAuditStore(options, orm, moduleRef),
  },
  {
    provide: AuditRecorder,
    inject: [
      AUDIT_BASE_STORE,
      AuditSettings,
      { token: IdGenerator, optional: true },
      { token: Clock, optional: true },
    ],
    useFactory: (store: AuditStore, settings: AuditSettings, ids?: IdGenerator, clock?: Clock) =>
      new AuditRecorder(store, {
        redactor: new AuditRedactor(settings.redact),
        ids: ids ?? new UuidV7IdGenerator(),
        clock: clock ?? new SystemClock(),
      }),
  },
  { provide: AuditStore, useExisting: AuditRecorder },
  { provide: AuditSink, useExisting: AuditRecorder },
  AuditService,
  PipelineAuditEntries,
  AuditSuccessRecords,
  // Join CqrsDddModule's pipeline by discovery (@PipelineStep, slots 650 and 850).
  AuditStep,
  AuditCommitStep,
  AuditRetentionSweeper,
];

/** What `AuditModule` exports. */
export const auditExports = [
  AUDIT_MODULE_OPTIONS,
  AuditSettings,
  AuditRecorder,
  AuditStore,
  AuditSink,
  AuditService,
];
