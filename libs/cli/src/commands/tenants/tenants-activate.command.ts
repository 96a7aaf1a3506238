import { SubCommand } from 'nest-commander';
import { CliRun } from '../../run/cli-run.js';
import { SuiteServices } from '../../suite/suite-services.js';
import { TenantStatusCommand } from './tenants-status.command.js';

/** `tenants activate <id>`: serves a suspended tenant again. */
@SubCommand({ name: 'activate', arguments: '<id>', description: 'reactivate a suspended tenant' })
export class TenantsActivateCommand extends TenantStatusCommand {
  protected readonly status = 'active';

  constructor(cli: CliRun, suite: SuiteServices) {
    super(cli, suite);
  }
}
