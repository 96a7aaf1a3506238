/** Aggregates receiving commands at a time in the realistic workload. */
export const LIVE_AGGREGATES = 1_000;
/** Commands each aggregate receives before it is retired: streams hold 0-9 events when loaded. */
export const COMMANDS_PER_AGGREGATE = 10;

/**
 * Device ids by command index for `count` commands: each window of
 * `LIVE_AGGREGATES * COMMANDS_PER_AGGREGATE` commands spreads over its own `LIVE_AGGREGATES`
 * devices, so loaded streams stay short (0-9 events) however many commands run.
 */
export function deviceIds(count: number): readonly string[] {
  return Array.from({ length: count }, (_, index) => {
    const window = Math.floor(index / (LIVE_AGGREGATES * COMMANDS_PER_AGGREGATE));
    return `device-${window}-${index % LIVE_AGGREGATES}`;
  });
}
