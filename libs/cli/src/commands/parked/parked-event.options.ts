import type { CliCommandOptions } from '../cli.command.js';

/** Options of `parked retry` and `parked skip`. */
export interface ParkedEventOptions extends CliCommandOptions {
  /** The processor that parked the event (a mandatory option). */
  readonly processor: string;
  readonly tenant?: string;
}
