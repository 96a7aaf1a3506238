import { type EventStore, formatLogPosition, type StoredEvent } from '@cqrs-ddd/core';
import { Option, SubCommand } from 'nest-commander';
import { CliNotFoundError } from '../../errors/cli-not-found.error.js';
import { CliRun } from '../../run/cli-run.js';
import { SuiteServices } from '../../suite/suite-services.js';
import { CliCommand, type CliCommandOptions } from '../cli.command.js';

/** Options of `events replay`. */
export interface EventsReplayOptions extends CliCommandOptions {
  /** The stream (a mandatory option). */
  readonly stream: string;
  readonly tenant?: string;
}

/**
 * `events replay --stream <id> [--tenant <id>]`: reads a stream's events back from the log in
 * order (version, type, position, time; `--json` adds data and metadata) with progress. To apply
 * events to a projection again, rebuild it (`projections rebuild <name>`): projections skip
 * positions they already hold, so re-feeding one stream would change nothing.
 */
@SubCommand({
  name: 'replay',
  description: "replay a stream's events from the log, in order",
})
export class EventsReplayCommand extends CliCommand<EventsReplayOptions> {
  constructor(
    cli: CliRun,
    private readonly suite: SuiteServices,
  ) {
    super(cli);
  }

  /** `--stream <id>`. */
  @Option({ flags: '--stream <id>', description: 'the stream to replay', required: true })
  parseStream(value: string): string {
    return value;
  }

  /** `--tenant <id>`. */
  @Option({ flags: '--tenant <id>', description: "the stream is in this tenant's storage target" })
  parseTenant(value: string): string {
    return value;
  }

  protected async execute(_params: string[], options: EventsReplayOptions): Promise<void> {
    const eventStore = await this.eventStoreOf(options.tenant);
    const version = await eventStore.streamVersion(options.stream);
    if (version === 0)
      throw new CliNotFoundError(`No stream "${options.stream}" in the event log.`);
    const progress = this.output.progress(`replay ${options.stream}`, options.json === true);
    progress.start(version);
    const events: StoredEvent[] = [];
    for await (const event of eventStore.readStream(options.stream)) {
      events.push(event);
      progress.update(events.length, version);
    }
    progress.stop(events.length, version);
    this.print(options, { streamId: options.stream, events }, () => {
      this.output.table(
        ['Version', 'Type', 'Position', 'Occurred at', 'Event id'],
        events.map((e) => [
          e.streamVersion,
          e.type,
          formatLogPosition(e.position),
          e.occurredAt,
          e.eventId,
        ]),
        `Stream ${options.stream}: ${events.length} events`,
      );
    });
  }

  private async eventStoreOf(tenantId: string | undefined): Promise<EventStore> {
    if (tenantId === undefined) return this.suite.eventStore();
    const targets = this.suite.storageTargets();
    const stores = this.suite.targetEventStores();
    if (!targets || !stores) return this.suite.eventStore();
    return stores.forTarget(await targets.prepare(tenantId));
  }
}
