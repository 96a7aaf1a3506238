import type { ModuleRef } from '@nestjs/core';
import { AuditSink } from '../ports/audit-sink.port.js';

/**
 * The application's `AuditSink`, wherever it is provided (any module of the app, global or
 * not), or `undefined` when the app provides none — for libraries whose audit hook is optional
 * (access denials, logins, admin changes). Look it up lazily, on first use (when every module
 * exists), not in a constructor, and keep the answer:
 *
 * ```ts
 * constructor(@Optional() private readonly moduleRef?: ModuleRef) {}
 * private sink?: { found?: AuditSink };
 * async onSomething() {
 *   this.sink ??= { found: lookUpAuditSink(this.moduleRef) };
 *   await this.sink.found?.record(entry);
 * }
 * ```
 */
export function lookUpAuditSink(moduleRef: ModuleRef | undefined): AuditSink | undefined {
  if (!moduleRef) return undefined;
  try {
    return moduleRef.get(AuditSink, { strict: false });
  } catch {
    return undefined;
  }
}
