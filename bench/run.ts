/**
 * Benchmark runner: `npm run bench -- <name>` runs every `bench/<name>/*.bench.ts` (compiled to
 * `bench/dist/<name>/*.bench.js`). Each bench module exports `run(): Promise<void>` and prints
 * its own table. `npm run bench` without a name lists the benchmarks.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

interface BenchModule {
  run(): Promise<void>;
}

const here = fileURLToPath(new URL('.', import.meta.url));

async function benchmarkNames(): Promise<string[]> {
  const entries = await readdir(here, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const files = await readdir(new URL(`./${entry.name}/`, import.meta.url));
    if (files.some((file) => file.endsWith('.bench.js'))) names.push(entry.name);
  }
  return names.sort();
}

async function main(): Promise<void> {
  const name = process.argv[2];
  const available = await benchmarkNames();
  if (!name || !available.includes(name)) {
    console.log(`Usage: npm run bench -- <name>\nAvailable: ${available.join(', ') || '(none)'}`);
    process.exitCode = name ? 1 : 0;
    return;
  }
  const files = (await readdir(new URL(`./${name}/`, import.meta.url)))
    .filter((file) => file.endsWith('.bench.js'))
    .sort();
  for (const file of files) {
    const module = (await import(
      new URL(`./${name}/${file}`, import.meta.url).href
    )) as BenchModule;
    await module.run();
  }
}

await main();
