import type { Tenant, TenantStatus } from '@cqrs-ddd/multitenancy';
import { CliRun } from '../../run/cli-run.js';
import { SuiteServices } from '../../suite/suite-services.js';
import { CliCommand, type CliCommandOptions } from '../cli.command.js';

/** Base of `tenants suspend` and `tenants activate`: sets a tenant's status. */
export abstract class TenantStatusCommand extends CliCommand {
  /** The status the command sets. */
  protected abstract readonly status: TenantStatus;

  constructor(
    cli: CliRun,
    private readonly suite: SuiteServices,
  ) {
    super(cli);
  }

  protected async execute([id]: string[], options: CliCommandOptions): Promise<void> {
    const provisioner = this.suite.tenantProvisioner();
    const tenant: Tenant =
      this.status === 'suspended' ? await provisioner.suspend(id) : await provisioner.activate(id);
    this.print(options, tenant, () =>
      this.output.line(`Tenant "${tenant.id}" is ${tenant.status}.`),
    );
  }
}
