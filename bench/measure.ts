/** Shared measuring helpers for the benchmarks: timed rounds, medians and a printed table. */

/** One variant measured by {@link measureRounds}. */
export interface Variant {
  readonly name: string;
  /** Executes `count` operations, one after another. */
  readonly runBatch: (count: number) => Promise<void>;
}

/** Median ops/s (and all rounds) of one variant. */
export interface VariantResult {
  readonly name: string;
  readonly opsPerSecond: readonly number[];
  readonly medianOpsPerSecond: number;
}

/** Median of `values` (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Warms every variant up, then measures `rounds` rounds of `operations` each, interleaving the
 * variants round by round so drift (GC, CPU frequency) hits them alike.
 */
export async function measureRounds(
  variants: readonly Variant[],
  settings: { operations: number; warmup: number; rounds: number },
): Promise<VariantResult[]> {
  for (const variant of variants) await variant.runBatch(settings.warmup);
  const samples = variants.map(() => [] as number[]);
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const [index, variant] of variants.entries()) {
      const started = process.hrtime.bigint();
      await variant.runBatch(settings.operations);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      samples[index]!.push(settings.operations / seconds);
    }
  }
  return variants.map((variant, index) => ({
    name: variant.name,
    opsPerSecond: samples[index]!,
    medianOpsPerSecond: median(samples[index]!),
  }));
}

/** Formats a number of operations per second with thousands separators. */
export function formatOps(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Prints rows as an aligned text table. */
export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}
