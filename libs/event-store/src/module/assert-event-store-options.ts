import { EventStoreConfigurationError } from '../errors/event-store-configuration.error.js';
import type { EventStoreModuleOptions } from './event-store-module.options.js';

const DRIVERS = ['postgres', 'memory'];
const UNKNOWN_EVENT_TYPES = ['skip', 'fail'];
const SNAPSHOT_MODES = ['inline', 'async'];

/** Checks the options' enumerations, so a typo fails at start-up with a clear message. */
export function assertEventStoreOptions(options: EventStoreModuleOptions): void {
  const problems: string[] = [];
  const oneOf = (field: string, value: unknown, allowed: string[], optional = true) => {
    if ((optional && value === undefined) || allowed.includes(value as string)) return;
    problems.push(
      `\`${field}\` must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`,
    );
  };
  if (typeof options !== 'object' || options === null) {
    throw new EventStoreConfigurationError('the options must be an object with a `driver`.');
  }
  oneOf('driver', options.driver, DRIVERS, false);
  oneOf('unknownEventTypes', options.unknownEventTypes, UNKNOWN_EVENT_TYPES);
  oneOf('snapshots.mode', options.snapshots?.mode, SNAPSHOT_MODES);
  if (problems.length > 0) throw new EventStoreConfigurationError(`${problems.join('; ')}.`);
}
