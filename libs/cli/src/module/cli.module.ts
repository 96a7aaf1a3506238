import { type DynamicModule, Module, type Type } from '@nestjs/common';
import {
  AuditCommand,
  EventsCommand,
  OutboxCommand,
  ParkedCommand,
  ProcessorsCommand,
  ProjectionsCommand,
  TenantsCommand,
} from '../commands/command-groups.js';
import { MigrateCommand } from '../commands/migrate/migrate.command.js';
import { SuiteMigrations } from '../migrations/suite-migrations.js';
import { ProcessorCatalog } from '../processors/processor-catalog.js';
import { CliRun } from '../run/cli-run.js';
import { CommanderAccess } from '../run/commander.access.js';
import { SuiteServices } from '../suite/suite-services.js';

/** The top-level commands of the CLI (each registers its sub-commands). */
export const CLI_COMMANDS = [
  MigrateCommand,
  ProjectionsCommand,
  ProcessorsCommand,
  ParkedCommand,
  EventsCommand,
  TenantsCommand,
  AuditCommand,
  OutboxCommand,
] as const;

/**
 * The CLI's commands, next to the application they operate (`appModule`, imported here): the
 * commands find the suite's services anywhere in its module graph. Built by `runCli`.
 */
@Module({})
export class CliModule {
  /** The commands for `appModule`, printing through `run`. */
  static forApp(appModule: DynamicModule | Type, run: CliRun): DynamicModule {
    return {
      module: CliModule,
      imports: [appModule],
      providers: [
        { provide: CliRun, useValue: run },
        CommanderAccess,
        SuiteServices,
        ProcessorCatalog,
        SuiteMigrations,
        ...CLI_COMMANDS.flatMap((command) => command.registerWithSubCommands()),
      ],
    };
  }
}
