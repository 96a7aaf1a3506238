import { Option, SubCommand } from 'nest-commander';
import { ProcessorCatalog } from '../../processors/processor-catalog.js';
import { projectionNamed } from '../../projections/projection-lookup.js';
import { projectionOverviews } from '../../projections/projection-overview.js';
import { CliRun } from '../../run/cli-run.js';
import { CliCommand, type CliCommandOptions } from '../cli.command.js';
import { formatLogPosition } from '@cqrs-ddd/core';

/** Options of `projections status`. */
export interface ProjectionsStatusOptions extends CliCommandOptions {
  readonly tenant?: string;
}

/**
 * `projections status [name] [--tenant <id>]`: the generations of a projection (of every one
 * without a name) and each partition of their processors: state, checkpoint, lag, last error.
 */
@SubCommand({
  name: 'status',
  arguments: '[name]',
  description: 'generations and partitions of a projection (of every projection without a name)',
})
export class ProjectionsStatusCommand extends CliCommand<ProjectionsStatusOptions> {
  constructor(
    cli: CliRun,
    private readonly catalog: ProcessorCatalog,
  ) {
    super(cli);
  }

  /** `--tenant <id>`. */
  @Option({ flags: '--tenant <id>', description: "only this tenant's storage target" })
  parseTenant(value: string): string {
    return value;
  }

  protected async execute([name]: string[], options: ProjectionsStatusOptions): Promise<void> {
    const groups = await this.catalog.inspectTargets({ tenantId: options.tenant });
    if (name !== undefined) projectionNamed(groups[0], name);
    const overviews = (await Promise.all(groups.map(projectionOverviews)))
      .flat()
      .filter((overview) => name === undefined || overview.name === name);
    this.print(options, overviews, () => {
      for (const overview of overviews) {
        const { state } = overview;
        const generations = state
          ? `active generation ${state.activeGeneration} (v${state.activeVersion})` +
            (state.buildingGeneration === undefined
              ? ''
              : `, building ${state.buildingGeneration} (v${state.buildingVersion})`)
          : 'never started';
        const partitions = [
          ['active', overview.active] as const,
          ['building', overview.building] as const,
        ].flatMap(([role, status]) =>
          (status?.partitions ?? []).map((partition) => [
            role,
            status!.name,
            partition.partition,
            status!.suspended ? 'suspended' : partition.state,
            partition.checkpoint ? formatLogPosition(partition.checkpoint) : 'start',
            partition.eventsBehind,
            partition.secondsBehind,
            partition.lastError,
          ]),
        );
        this.output.table(
          [
            'Generation',
            'Processor',
            'Partition',
            'State',
            'Checkpoint',
            'Behind',
            'Seconds',
            'Last error',
          ],
          partitions,
          `${overview.name} on ${overview.target} (code v${overview.version}): ${generations}; ` +
            `${overview.active?.parked ?? 0} parked`,
        );
      }
    });
  }
}
