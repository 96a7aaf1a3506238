import { SHARED_STORAGE_TARGET } from '@cqrs-ddd/core';
import {
  type ProcessorHandle,
  ProjectionsService,
  type TargetProjections,
} from '@cqrs-ddd/projections';
import { Injectable } from '@nestjs/common';
import { CliNotFoundError } from '../errors/cli-not-found.error.js';
import { SuiteServices } from '../suite/suite-services.js';
import { attachProjectionProcessors } from './projection-processors.attach.js';

/** What a processor does, from its name's prefix. */
export type CliProcessorKind = 'projection' | 'outbox' | 'processor';

/** A checkpointed processor of the application on one storage target. */
export interface CliProcessor {
  /** Its name (key of its checkpoints, leases and parked events). */
  readonly name: string;
  /** Key of the storage target whose log it reads (`shared`, `schema:tenant_x`...). */
  readonly target: string;
  /** Tenant of a dedicated target. */
  readonly tenantId?: string;
  readonly kind: CliProcessorKind;
  readonly handle: ProcessorHandle;
}

/** Which processors to list: every target's, or one tenant's. */
export interface ProcessorCatalogQuery {
  /** Only the storage target of this tenant (the shared one for a shared tenant). */
  readonly tenantId?: string;
}

/**
 * The application's processors the CLI operates: those of the projections' engines of every
 * storage target (each projection generation, plus what other modules registered there, such as
 * a dedicated target's outbox relays) and the outbox's own engine (shared target).
 */
@Injectable()
export class ProcessorCatalog {
  constructor(private readonly suite: SuiteServices) {}

  /** The storage targets' projections: one tenant's, or the shared one and every dedicated one. */
  async targets(query: ProcessorCatalogQuery = {}): Promise<TargetProjections[]> {
    const projections = this.suite.projections();
    if (query.tenantId !== undefined) return [await projections.targets.forTenant(query.tenantId)];
    const dedicated = (await this.suite.storageTargets()?.dedicated()) ?? [];
    const groups = [projections.targets.shared];
    for (const target of dedicated) groups.push(await projections.targets.forTarget(target));
    return groups;
  }

  /**
   * {@link targets}, with the processors of their projections registered (not started) on
   * their engines, so that their status, parked events... can be read and operated here.
   */
  async inspectTargets(query: ProcessorCatalogQuery = {}): Promise<TargetProjections[]> {
    const groups = await this.targets(query);
    const defaults = this.suite.projectionsOptions().processor;
    for (const group of groups) await attachProjectionProcessors(group, defaults);
    return groups;
  }

  /** Every processor (of `query`'s target), by target then name. */
  async list(query: ProcessorCatalogQuery = {}): Promise<CliProcessor[]> {
    const found: CliProcessor[] = [];
    const add = (handle: ProcessorHandle, target: string, tenantId?: string) => {
      if (found.some((known) => known.target === target && known.name === handle.name)) return;
      found.push({ name: handle.name, target, tenantId, kind: kindOf(handle.name), handle });
    };
    const hasProjections = this.suite.optional(ProjectionsService) !== undefined;
    const groups =
      hasProjections || query.tenantId !== undefined ? await this.inspectTargets(query) : [];
    for (const group of groups) {
      for (const handle of group.engine.list()) add(handle, group.key, group.target.tenantId);
    }
    if (groups.length === 0 || groups.some((group) => group.key === SHARED_STORAGE_TARGET.key)) {
      for (const handle of this.suite.outboxRelays()?.engine.list() ?? []) {
        add(handle, SHARED_STORAGE_TARGET.key);
      }
    }
    return found.sort((a, b) => compare(a.target, b.target) || compare(a.name, b.name));
  }

  /**
   * The processor `name` of `query.tenantId`'s target (the shared target without a tenant).
   * @throws CliNotFoundError when there is none (exit code 3), naming the known ones
   */
  async find(name: string, query: ProcessorCatalogQuery = {}): Promise<CliProcessor> {
    const all = await this.list(query);
    const inTarget =
      query.tenantId === undefined
        ? all.filter(({ target }) => target === SHARED_STORAGE_TARGET.key)
        : all;
    const match = inTarget.find((processor) => processor.name === name);
    if (match) return match;
    const elsewhere = query.tenantId === undefined && all.some((p) => p.name === name);
    const known = [...new Set(inTarget.map((processor) => processor.name))].join(', ') || 'none';
    throw new CliNotFoundError(
      `No processor "${name}" on ${query.tenantId === undefined ? 'the shared target' : `tenant "${query.tenantId}"'s target`}` +
        (elsewhere ? ' (it exists on tenant targets: pass --tenant <id>)' : '') +
        `. Known: ${known}.`,
    );
  }
}

function kindOf(name: string): CliProcessorKind {
  if (name.startsWith('projection:')) return 'projection';
  if (name.startsWith('outbox:')) return 'outbox';
  return 'processor';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
