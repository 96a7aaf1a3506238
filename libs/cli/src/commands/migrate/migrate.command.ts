import { Command } from 'nest-commander';
import { SuiteMigrations } from '../../migrations/suite-migrations.js';
import { CliRun } from '../../run/cli-run.js';
import { CliCommand, type CliCommandOptions } from '../cli.command.js';

/**
 * `migrate`: the suite's migrations, on the shared tables and on every tenant's own schema or
 * database (see `SuiteMigrations`); idempotent, lists what ran.
 */
@Command({
  name: 'migrate',
  description: "run the suite's migrations (shared tables, then every tenant schema/database)",
})
export class MigrateCommand extends CliCommand {
  constructor(
    cli: CliRun,
    private readonly migrations: SuiteMigrations,
  ) {
    super(cli);
  }

  protected async execute(_params: string[], options: CliCommandOptions): Promise<void> {
    const steps = await this.migrations.migrate();
    this.print(options, steps, () =>
      this.output.table(
        ['Target', 'Tenant', 'Migration', 'Ran'],
        steps.map((s) => [s.target, s.tenantId, s.migration, s.outcome]),
      ),
    );
  }
}
