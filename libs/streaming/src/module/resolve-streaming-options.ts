import { StreamingConfigurationError } from '../errors/streaming-configuration.error.js';
import type {
  ResolvedStreamingOptions,
  StreamingModuleOptions,
} from './streaming-module.options.js';

/**
 * Applies the defaults of {@link StreamingModuleOptions} and checks them.
 * @throws StreamingConfigurationError for duplicate stream names or non-positive numbers
 */
export function resolveStreamingOptions(options: StreamingModuleOptions): ResolvedStreamingOptions {
  const names = options.streams.map((stream) => stream.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) {
    throw new StreamingConfigurationError(`Two event streams are named "${duplicate}".`);
  }
  const bufferLimit = positive('bufferLimit', options.bufferLimit ?? 1000);
  return {
    streams: options.streams,
    bufferLimit,
    heartbeatMs: positive('heartbeatMs', options.heartbeatMs ?? 15_000),
    batchSize: positive('batchSize', options.batchSize ?? Math.min(500, bufferLimit)),
    idlePollMs: positive('idlePollMs', options.idlePollMs ?? 5_000),
  };
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new StreamingConfigurationError(
      `StreamingModule option ${name} must be a positive integer, got ${String(value)}.`,
    );
  }
  return value;
}
