import type { CliStreams } from '../output/cli-streams.js';

/** What the CLI configures on each commander command (structural: commander is nest-commander's). */
export interface CommanderNode {
  readonly commands: readonly CommanderNode[];
  name(name: string): unknown;
  exitOverride(callback: (error: Error) => never): unknown;
  configureOutput(output: { writeOut(text: string): void; writeErr(text: string): void }): unknown;
}

/**
 * Makes every command of the tree throw its parse errors (unknown option, missing argument,
 * help shown) instead of calling `process.exit`, and print through `streams`.
 */
export function configureCommanderTree(node: CommanderNode, streams: CliStreams): void {
  node.exitOverride((error) => {
    throw error;
  });
  node.configureOutput({
    writeOut: (text) => void streams.stdout.write(text),
    writeErr: (text) => void streams.stderr.write(text),
  });
  for (const child of node.commands) configureCommanderTree(child, streams);
}
