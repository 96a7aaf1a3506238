import type { CliCommandOptions } from '../cli.command.js';

/** Options of the commands acting on one processor. */
export interface ProcessorTargetOptions extends CliCommandOptions {
  /** The tenant whose storage target holds the processor. @default the shared target */
  readonly tenant?: string;
}
