import type { TenantStatus } from '@cqrs-ddd/multitenancy';
import { Option, SubCommand } from 'nest-commander';
import { CliRun } from '../../run/cli-run.js';
import { SuiteServices } from '../../suite/suite-services.js';
import { CliCommand, type CliCommandOptions } from '../cli.command.js';

/** Options of `tenants list`. */
export interface TenantsListOptions extends CliCommandOptions {
  readonly status?: TenantStatus;
}

/** `tenants list [--status active|suspended]`: the registered tenants, by id. */
@SubCommand({ name: 'list', description: 'list the registered tenants' })
export class TenantsListCommand extends CliCommand<TenantsListOptions> {
  constructor(
    cli: CliRun,
    private readonly suite: SuiteServices,
  ) {
    super(cli);
  }

  /** `--status <status>`. */
  @Option({
    flags: '--status <status>',
    description: 'only tenants of this status',
    choices: ['active', 'suspended'],
  })
  parseStatus(value: string): TenantStatus {
    return value as TenantStatus;
  }

  protected async execute(_params: string[], options: TenantsListOptions): Promise<void> {
    const tenants = await this.suite
      .tenantRegistry()
      .list(options.status === undefined ? undefined : { status: options.status });
    this.print(options, tenants, () =>
      this.output.table(
        ['Id', 'Name', 'Status', 'Tier', 'Schema', 'Created'],
        tenants.map((t) => [t.id, t.name, t.status, t.isolation, t.schema, t.createdAt]),
      ),
    );
  }
}
