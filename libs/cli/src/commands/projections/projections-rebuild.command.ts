import type { EventStore } from '@cqrs-ddd/core';
import type {
  ProjectionRuntime,
  ProjectionState,
  TenantRebuildResult,
} from '@cqrs-ddd/projections';
import { setTimeout as delay } from 'node:timers/promises';
import { Option, SubCommand } from 'nest-commander';
import { CliOperationFailedError } from '../../errors/cli-operation-failed.error.js';
import { projectionNamed } from '../../projections/projection-lookup.js';
import { rebuildProgress } from '../../projections/rebuild-progress.js';
import { CliRun } from '../../run/cli-run.js';
import { SuiteServices } from '../../suite/suite-services.js';
import { CliCommand, type CliCommandOptions } from '../cli.command.js';
import { positiveInteger } from '../option-parsers.js';

/** Options of `projections rebuild`. */
export interface ProjectionsRebuildOptions extends CliCommandOptions {
  readonly tenant?: string;
  /** Seconds to wait for the new generation. */
  readonly timeout?: number;
}

/** What `projections rebuild --json` prints. */
export interface ProjectionsRebuildResult {
  readonly projection: string;
  readonly target: string;
  readonly tenantId?: string;
  /** `generation`: a new generation was built and switched to; `documents`: one shared tenant's documents. */
  readonly mode: 'generation' | 'documents';
  /** The generation serving queries now. */
  readonly activeGeneration: number;
  /** Events read by the build (generation) or applied again (documents). */
  readonly processed: number;
  readonly total: number;
  readonly durationMs: number;
}

const POLL_MS = 200;
/** `ProjectionsModuleOptions.dropDelayMs`'s default. */
const DEFAULT_DROP_DELAY_MS = 5_000;

/**
 * `projections rebuild <name> [--tenant <id>] [--timeout <s>]`: builds a new generation of the
 * projection from the log start while the current one keeps serving, and waits until it has
 * caught up and queries switched to it, showing `events read / events in the log` (a bar on a
 * terminal, lines otherwise, the final result alone with `--json`). The CLI takes part as one
 * more instance for the duration (its workers share the partition leases with the running
 * instances). With `--tenant`: a tenant with a schema or database of its own gets a new
 * generation there; a tenant on shared tables gets its documents rebuilt (this process must
 * then obtain every partition lease: stop or suspend the projection elsewhere first).
 */
@SubCommand({
  name: 'rebuild',
  arguments: '<name>',
  description: 'rebuild a projection (a new generation, zero downtime) and wait for it',
})
export class ProjectionsRebuildCommand extends CliCommand<ProjectionsRebuildOptions> {
  constructor(
    cli: CliRun,
    private readonly suite: SuiteServices,
  ) {
    super(cli);
  }

  /** `--tenant <id>`. */
  @Option({ flags: '--tenant <id>', description: 'rebuild only this tenant' })
  parseTenant(value: string): string {
    return value;
  }

  /** `--timeout <seconds>`. */
  @Option({
    flags: '--timeout <seconds>',
    description: 'give up waiting after this long (the build goes on in running instances)',
  })
  parseTimeout(value: string): number {
    return positiveInteger('--timeout', value);
  }

  protected async execute([name]: string[], options: ProjectionsRebuildOptions): Promise<void> {
    const projections = this.suite.projections();
    const group =
      options.tenant === undefined
        ? projections.targets.shared
        : await projections.targets.forTenant(options.tenant);
    const { runtime } = projectionNamed(group, name);
    const started = performance.now();
    await runtime.start();
    try {
      if (options.tenant !== undefined && group === projections.targets.shared) {
        const outcome = await projections.rebuild(name, { tenantId: options.tenant });
        this.report(options, this.documentsResult(outcome, started));
        return;
      }
      const state = await runtime.rebuild();
      const result = await this.waitForSwitch(group.eventStore, runtime, state, options, started);
      // Stopping drops the old generation's collection at once if this process switched: first
      // give the other instances the time they have to follow a switch (`dropDelayMs`).
      await delay(this.suite.projectionsOptions().dropDelayMs ?? DEFAULT_DROP_DELAY_MS);
      this.report(options, { ...result, target: group.key, ...tenantOf(options.tenant) });
    } finally {
      await runtime.stop();
    }
  }

  private async waitForSwitch(
    eventStore: EventStore,
    runtime: ProjectionRuntime,
    begun: ProjectionState,
    options: ProjectionsRebuildOptions,
    started: number,
  ): Promise<Omit<ProjectionsRebuildResult, 'target' | 'tenantId'>> {
    const generation = begun.buildingGeneration;
    const progress = this.output.progress(`rebuild ${runtime.name}`, options.json === true);
    const deadline = options.timeout === undefined ? Infinity : started + options.timeout * 1000;
    let current = await rebuildProgress(eventStore, undefined);
    progress.start(current.total);
    for (;;) {
      const status = await runtime.status();
      const switched = generation === undefined || status.state.activeGeneration >= generation;
      current = await rebuildProgress(eventStore, switched ? status.active : status.building);
      progress.update(current.processed, current.total);
      if (switched) {
        progress.stop(current.processed, current.total);
        return {
          projection: runtime.name,
          mode: 'generation',
          activeGeneration: status.state.activeGeneration,
          ...current,
          durationMs: Math.round(performance.now() - started),
        };
      }
      if (performance.now() >= deadline) {
        progress.stop(current.processed, current.total);
        throw new CliOperationFailedError(
          `Generation ${generation} of projection "${runtime.name}" had not caught up after ` +
            `${options.timeout} s (${current.processed}/${current.total} events); it goes on ` +
            'building in the running instances: follow it with `projections status`.',
        );
      }
      await delay(POLL_MS);
    }
  }

  private documentsResult(outcome: TenantRebuildResult, started: number): ProjectionsRebuildResult {
    return {
      projection: outcome.projection,
      target: outcome.target,
      tenantId: outcome.tenantId,
      mode: 'documents',
      activeGeneration: outcome.generation ?? 0,
      processed: outcome.replayed ?? 0,
      total: outcome.replayed ?? 0,
      durationMs: Math.round(performance.now() - started),
    };
  }

  private report(options: ProjectionsRebuildOptions, result: ProjectionsRebuildResult): void {
    this.print(options, result, () =>
      this.output.line(
        result.mode === 'generation'
          ? `Projection "${result.projection}" on ${result.target} rebuilt: generation ` +
              `${result.activeGeneration} serves queries (${result.processed} events, ${result.durationMs} ms).`
          : `Projection "${result.projection}": the documents of tenant "${result.tenantId}" were ` +
              `rebuilt in generation ${result.activeGeneration} (${result.processed} events, ${result.durationMs} ms).`,
      ),
    );
  }
}

function tenantOf(tenantId: string | undefined): { tenantId?: string } {
  return tenantId === undefined ? {} : { tenantId };
}
