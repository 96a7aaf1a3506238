import {
  SHARED_STORAGE_TARGET,
  type StorageTarget,
  type StorageTargets,
  type TargetEventStores,
  ValidationError,
} from '@cqrs-ddd/core';
import type { EventUpcasting } from '@cqrs-ddd/event-store';
import { Logger, type LoggerService } from '@nestjs/common';
import type { ProjectionsInfrastructureSources } from '../module/projections-infrastructure.js';
import type { ProjectionsModuleOptions } from '../module/projections-module.options.js';
import type { ProjectionReference } from '../module/projections.service.js';
import type { ProjectionClass } from '../module/projections.tokens.js';
import { createDedicatedTargetProjections } from './dedicated-target.factory.js';
import { isDedicatedTarget } from './target-infrastructure.js';
import { type TargetProjection, TargetProjections } from './target-projections.js';
import { rebuildTenantDocuments } from './tenant-documents.rebuild.js';
import type { TenantRebuildOptions, TenantRebuildResult } from './tenant-rebuild.options.js';

/** Called with each target's projections once built (see {@link ProjectionTargets.onTarget}). */
export type TargetSetup = (target: TargetProjections) => void | Promise<void>;

/** What {@link ProjectionTargets} builds dedicated targets from. */
export interface ProjectionTargetsDependencies {
  readonly options: ProjectionsModuleOptions;
  /** The app's MikroORM, mongoose connection and clock (stores of dedicated targets). */
  readonly sources: ProjectionsInfrastructureSources;
  /** Maps tenants to targets. @default none: every tenant on the shared target */
  readonly storageTargets?: StorageTargets;
  /** The event log of each target (needed once a dedicated target exists). */
  readonly targetEventStores?: TargetEventStores;
  /** Upcasting of stored events. @default none */
  readonly upcasting?: EventUpcasting;
  /** Where failures of targets added at run time are logged. @default new Logger('ProjectionTargets') */
  readonly logger?: LoggerService;
}

/**
 * The projections of every storage target: the shared target's (the application's tables and
 * log) and, when tenants have a schema or database of their own (`StorageTargets`), each such
 * target's, with its own stores, engine and event log. Every target runs the same projections.
 * Dedicated targets are built at start (`StorageTargets.dedicated()`), when added later
 * (`onAdded`), and on first use (a request of a tenant whose target is not built yet).
 */
export class ProjectionTargets {
  private readonly ready = new Map<string, TargetProjections>();
  private readonly building = new Map<string, Promise<TargetProjections>>();
  private readonly projections = new Map<ProjectionClass, object>();
  private readonly setups = new Set<TargetSetup>();
  private readonly logger: LoggerService;
  private state: 'idle' | 'running' | 'stopped' = 'idle';
  private unsubscribe?: () => void;

  constructor(
    /** The shared target's projections (the application's tables and log). */
    readonly shared: TargetProjections,
    private readonly dependencies: ProjectionTargetsDependencies,
  ) {
    this.logger = dependencies.logger ?? new Logger('ProjectionTargets');
  }

  /**
   * Registers `projection` on every target, built now or later (no-op for a known class);
   * started with the targets. Resolves its entry on the shared target.
   */
  register(projection: object): TargetProjection {
    const type = projection.constructor as ProjectionClass;
    if (!this.projections.has(type)) {
      this.projections.set(type, projection);
      for (const group of this.ready.values()) this.addTo(group, projection);
    }
    return this.addTo(this.shared, projection);
  }

  /**
   * Calls `setup` with the projections of every target, built now and later, e.g. to register
   * and start another processor on each target's engine (over that target's log; the target's
   * `stop` stops it). Returns the function that stops calling it for new targets.
   */
  async onTarget(setup: TargetSetup): Promise<() => void> {
    this.setups.add(setup);
    for (const group of this.list()) await setup(group);
    return () => this.setups.delete(setup);
  }

  /** Target of the caller's tenant (`StorageTargets.current()`), or the shared one. */
  currentTarget(): StorageTarget {
    return this.dependencies.storageTargets?.current() ?? SHARED_STORAGE_TARGET;
  }

  /** The projections of the caller's target (`StorageTargets.current()`), built on first use. */
  current(): Promise<TargetProjections> {
    return this.forTarget(this.currentTarget());
  }

  /** The projections of the caller's target when built, else `undefined` (synchronous). */
  currentIfReady(): TargetProjections | undefined {
    const target = this.currentTarget();
    return isDedicatedTarget(target) ? this.ready.get(target.key) : this.shared;
  }

  /** The projections of `tenantId`'s target (resolved with `StorageTargets.prepare`). */
  async forTenant(tenantId: string): Promise<TargetProjections> {
    const { storageTargets } = this.dependencies;
    return storageTargets ? this.forTarget(await storageTargets.prepare(tenantId)) : this.shared;
  }

  /**
   * The projections of `target`, built (and started, once the targets run) on first use.
   * A failed build is retried on the next use.
   * @throws ProjectionsConfigurationError when a dedicated target has no event log
   */
  forTarget(target: StorageTarget): Promise<TargetProjections> {
    if (!isDedicatedTarget(target)) return Promise.resolve(this.shared);
    const ready = this.ready.get(target.key);
    if (ready) return Promise.resolve(ready);
    let pending = this.building.get(target.key);
    if (!pending) {
      pending = this.build(target).finally(() => this.building.delete(target.key));
      this.building.set(target.key, pending);
    }
    return pending;
  }

  /** Every built target: the shared one first, then the dedicated ones by key. */
  list(): TargetProjections[] {
    const dedicated = [...this.ready.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
    return [this.shared, ...dedicated];
  }

  /**
   * Rebuilds `projection` for one tenant: on a target of its own, the whole projection there
   * (a new generation); on shared tables, the tenant's documents only (see
   * `rebuildTenantDocuments`).
   * @throws ValidationError for an empty `tenantId`
   */
  async rebuildTenant(
    projection: ProjectionReference,
    options: TenantRebuildOptions,
  ): Promise<TenantRebuildResult> {
    const { tenantId } = options ?? {};
    if (typeof tenantId !== 'string' || tenantId === '') {
      throw ValidationError.of('tenantId', 'must be a non-empty string', 'isNotEmpty');
    }
    const group = await this.forTenant(tenantId);
    const entry = group.get(projection);
    if (group === this.shared) return rebuildTenantDocuments(group, entry, options);
    const state = await entry.runtime.rebuild();
    return {
      projection: entry.runtime.name,
      tenantId,
      target: group.key,
      mode: 'generation',
      state,
    };
  }

  /**
   * Starts the projections of every target: the shared one, the dedicated targets known now,
   * and those added later. A dedicated target that fails to start fails the start; one added
   * later that fails is logged and retried on its next use.
   */
  async start(): Promise<void> {
    this.state = 'running';
    const { storageTargets } = this.dependencies;
    this.unsubscribe ??= storageTargets?.onAdded((target) => {
      this.forTarget(target).catch((error: unknown) =>
        this.logger.error(
          `Starting the projections of storage target "${target.key}" failed: ${String(error)}`,
        ),
      );
    });
    const dedicated = (await storageTargets?.dedicated()) ?? [];
    await Promise.all([this.shared.start(), ...dedicated.map((target) => this.forTarget(target))]);
    if (this.state !== 'running') return; // stopped meanwhile
    // Targets built before the start (on first use) start now.
    await Promise.all(this.list().map((group) => group.start()));
  }

  /** Stops the projections and engines of every target after their running batches. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await Promise.allSettled([...this.building.values()]);
    await Promise.all(this.list().map((group) => group.stop()));
  }

  private addTo(group: TargetProjections, projection: object): TargetProjection {
    const entry = group.add(projection);
    if (group.isRunning) {
      entry.runtime
        .start()
        .catch((error: unknown) =>
          this.logger.error(
            `Starting projection "${entry.runtime.name}" on "${group.key}" failed: ${String(error)}`,
          ),
        );
    }
    return entry;
  }

  private async build(target: StorageTarget): Promise<TargetProjections> {
    const group = await createDedicatedTargetProjections(target, this.dependencies);
    for (const projection of this.projections.values()) group.add(projection);
    for (const setup of this.setups) await setup(group);
    if (this.state === 'running') {
      try {
        await group.start();
      } catch (error) {
        await group.stop().catch(() => undefined);
        throw error;
      }
    }
    this.ready.set(target.key, group);
    return group;
  }
}
