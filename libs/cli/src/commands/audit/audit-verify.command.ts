import { Option, SubCommand } from 'nest-commander';
import { CLI_EXIT_CODES } from '../../run/cli-exit-codes.js';
import { CliRun } from '../../run/cli-run.js';
import { SuiteServices } from '../../suite/suite-services.js';
import { CliCommand, type CliCommandOptions } from '../cli.command.js';
import { positiveInteger } from '../option-parsers.js';

/** Options of `audit verify`. */
export interface AuditVerifyOptions extends CliCommandOptions {
  /** The tenant whose chain is verified (a mandatory option). */
  readonly tenant: string;
  readonly from?: number;
  readonly to?: number;
}

/**
 * `audit verify --tenant <id> [--from <seq>] [--to <seq>]`: re-checks the hash chain of a
 * tenant's audit trail; ends with exit code 1 (and says where) when it is broken.
 */
@SubCommand({ name: 'verify', description: "verify the hash chain of a tenant's audit trail" })
export class AuditVerifyCommand extends CliCommand<AuditVerifyOptions> {
  constructor(
    cli: CliRun,
    private readonly suite: SuiteServices,
  ) {
    super(cli);
  }

  /** `--tenant <id>`. */
  @Option({
    flags: '--tenant <id>',
    description: 'the tenant whose trail is verified',
    required: true,
  })
  parseTenant(value: string): string {
    return value;
  }

  /** `--from <sequence>`. */
  @Option({
    flags: '--from <sequence>',
    description: 'first sequence to check (default: the first)',
  })
  parseFrom(value: string): number {
    return positiveInteger('--from', value);
  }

  /** `--to <sequence>`. */
  @Option({ flags: '--to <sequence>', description: 'last sequence to check (default: the last)' })
  parseTo(value: string): number {
    return positiveInteger('--to', value);
  }

  protected async execute(_params: string[], options: AuditVerifyOptions): Promise<void> {
    const verification = await this.suite
      .auditStore()
      .verify(options.tenant, { from: options.from, to: options.to });
    if (!verification.valid) this.cli.setExitCode(CLI_EXIT_CODES.failed);
    this.print(options, { tenantId: options.tenant, ...verification }, () =>
      this.output.line(
        verification.valid
          ? `Audit trail of tenant "${options.tenant}" verified: ${verification.checked} entries` +
              (verification.lastSequence === undefined
                ? '.'
                : `, last sequence ${verification.lastSequence}, hash ${verification.lastHash}.`)
          : `Audit trail of tenant "${options.tenant}" is BROKEN at sequence ${verification.sequence} ` +
              `(${verification.problem}): ${verification.message}`,
      ),
    );
  }
}
