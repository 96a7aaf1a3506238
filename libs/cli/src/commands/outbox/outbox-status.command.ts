import { SubCommand } from 'nest-commander';
import { CliRun } from '../../run/cli-run.js';
import { SuiteServices } from '../../suite/suite-services.js';
import { CliCommand, type CliCommandOptions } from '../cli.command.js';

/**
 * `outbox status`: every publisher on every storage target: lag (events not yet confirmed by
 * the broker), parked messages, and this process's counters.
 */
@SubCommand({ name: 'status', description: 'lag and parked messages of every outbox publisher' })
export class OutboxStatusCommand extends CliCommand {
  constructor(
    cli: CliRun,
    private readonly suite: SuiteServices,
  ) {
    super(cli);
  }

  protected async execute(_params: string[], options: CliCommandOptions): Promise<void> {
    const publishers = await this.suite.outbox().status();
    this.print(options, publishers, () =>
      this.output.table(
        ['Target', 'Publisher', 'Processor', 'Active here', 'Behind', 'Seconds', 'Parked'],
        publishers.map((p) => [
          p.target,
          p.name,
          p.processorName,
          p.active,
          p.eventsBehind,
          p.secondsBehind,
          p.parked,
        ]),
      ),
    );
  }
}
