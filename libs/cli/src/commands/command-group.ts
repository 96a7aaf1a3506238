import { CommandRunner } from 'nest-commander';

/**
 * A command that only groups sub-commands (`projections`, `processors`...): called alone, it
 * prints its help on stderr and ends with the usage exit code (2).
 */
export abstract class CommandGroup extends CommandRunner {
  /** Shows the help as an error (commander then ends the run). */
  async run(): Promise<void> {
    this.command.help({ error: true });
  }
}
