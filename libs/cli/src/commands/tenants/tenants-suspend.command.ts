import { SubCommand } from 'nest-commander';
import { CliRun } from '../../run/cli-run.js';
import { SuiteServices } from '../../suite/suite-services.js';
import { TenantStatusCommand } from './tenants-status.command.js';

/** `tenants suspend <id>`: the tenant's requests are refused until `tenants activate`. */
@SubCommand({
  name: 'suspend',
  arguments: '<id>',
  description: 'suspend a tenant (its requests are refused; its data is kept)',
})
export class TenantsSuspendCommand extends TenantStatusCommand {
  protected readonly status = 'suspended';

  constructor(cli: CliRun, suite: SuiteServices) {
    super(cli, suite);
  }
}
