import { Option, SubCommand } from 'nest-commander';
import { ProcessorCatalog } from '../../processors/processor-catalog.js';
import { projectionOverviews, summarizeProcessor } from '../../projections/projection-overview.js';
import { CliRun } from '../../run/cli-run.js';
import { CliCommand, type CliCommandOptions } from '../cli.command.js';

/** Options of `projections list`. */
export interface ProjectionsListOptions extends CliCommandOptions {
  readonly tenant?: string;
}

/** `projections list [--tenant <id>]`: every projection of every storage target, one row each. */
@SubCommand({ name: 'list', description: 'list the projections of every storage target' })
export class ProjectionsListCommand extends CliCommand<ProjectionsListOptions> {
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

  protected async execute(_params: string[], options: ProjectionsListOptions): Promise<void> {
    const groups = await this.catalog.inspectTargets({ tenantId: options.tenant });
    const rows = (await Promise.all(groups.map(projectionOverviews))).flat().map((overview) => {
      const active = overview.active && summarizeProcessor(overview.active);
      return {
        target: overview.target,
        tenantId: overview.tenantId ?? null,
        name: overview.name,
        version: overview.version,
        activeGeneration: overview.state?.activeGeneration ?? null,
        activeVersion: overview.state?.activeVersion ?? null,
        buildingGeneration: overview.state?.buildingGeneration ?? null,
        eventsBehind: active?.eventsBehind ?? null,
        secondsBehind: active?.secondsBehind ?? null,
        parked: active?.parked ?? null,
        suspended: active?.suspended ?? false,
      };
    });
    this.print(options, rows, () =>
      this.output.table(
        [
          'Target',
          'Projection',
          'Code v.',
          'Active gen. (v.)',
          'Building',
          'Behind',
          'Parked',
          'Suspended',
        ],
        rows.map((row) => [
          row.target,
          row.name,
          row.version,
          row.activeGeneration === null
            ? 'never started'
            : `${row.activeGeneration} (v${row.activeVersion})`,
          row.buildingGeneration,
          row.eventsBehind,
          row.parked,
          row.suspended,
        ]),
      ),
    );
  }
}
