import type { TenantIsolation } from '@cqrs-ddd/multitenancy';
import { Option, SubCommand } from 'nest-commander';
import { CliRun } from '../../run/cli-run.js';
import { SuiteServices } from '../../suite/suite-services.js';
import { CliCommand, type CliCommandOptions } from '../cli.command.js';

/** Options of `tenants create`. */
export interface TenantsCreateOptions extends CliCommandOptions {
  readonly name?: string;
  readonly tier?: TenantIsolation;
}

/**
 * `tenants create <id> [--name <name>] [--tier shared|schema|database]`: provisions a tenant
 * (its schema or database created and migrated first), all or nothing.
 */
@SubCommand({ name: 'create', arguments: '<id>', description: 'provision and register a tenant' })
export class TenantsCreateCommand extends CliCommand<TenantsCreateOptions> {
  constructor(
    cli: CliRun,
    private readonly suite: SuiteServices,
  ) {
    super(cli);
  }

  /** `--name <name>`. */
  @Option({ flags: '--name <name>', description: 'display name (default: the id)' })
  parseName(value: string): string {
    return value;
  }

  /** `--tier <tier>`. */
  @Option({
    flags: '--tier <tier>',
    description: 'isolation tier (default: shared)',
    choices: ['shared', 'schema', 'database'],
  })
  parseTier(value: string): TenantIsolation {
    return value as TenantIsolation;
  }

  protected async execute([id]: string[], options: TenantsCreateOptions): Promise<void> {
    const tenant = await this.suite.tenantProvisioner().create({
      id,
      name: options.name ?? id,
      isolation: options.tier ?? 'shared',
    });
    this.print(options, tenant, () =>
      this.output.line(
        `Tenant "${tenant.id}" created (${tenant.isolation}` +
          `${tenant.schema ? `, schema ${tenant.schema}` : ''}${tenant.isolation === 'database' ? ', database of its own' : ''}).`,
      ),
    );
  }
}
