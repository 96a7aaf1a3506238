/**
 * The parent's side of the relay child process (`relay-child.ts`): forks it, then asks it over
 * the IPC channel to relay the backlog under a new publisher name (round by round), to keep the
 * last relay running while its memory is sampled (`follow`), and to stop.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LogPosition } from '@cqrs-ddd/core';
import type { RssFigures } from './rss-sampler.js';

/** Memory of one relay phase in the child: RSS (start after a GC) and live heap after a GC. */
export interface RelayMemory extends RssFigures {
  readonly liveHeapMb: number;
}

/** One timed relay of the backlog. */
export interface RelayRound {
  readonly seconds: number;
  /** Messages the relay's transport had confirmed when its checkpoint reached the head. */
  readonly published: number;
  readonly memory: RelayMemory;
}

/** Parent to child. */
export type RelayCommand =
  | { readonly kind: 'relay'; readonly name: string; readonly head: LogPosition }
  | { readonly kind: 'follow' }
  | { readonly kind: 'stop' };

/** Child to parent. */
export type RelayReply =
  | { readonly kind: 'ready' }
  | ({ readonly kind: 'relayed' } & RelayRound)
  | { readonly kind: 'following' }
  | { readonly kind: 'stopped'; readonly memory: RelayMemory }
  | { readonly kind: 'failed'; readonly message: string };

/** Arguments of the child, in order. */
export interface RelayChildSettings {
  readonly databaseUrl: string;
  readonly exchange: string;
  readonly batchSize: number;
}

/** The relay child process. */
export class RelayProcess {
  private constructor(private readonly child: ChildProcess) {}

  /** Forks the child (with `--expose-gc`) and waits until its transport is connected. */
  static async start(settings: RelayChildSettings): Promise<RelayProcess> {
    const path = fileURLToPath(new URL('./relay-child.js', import.meta.url));
    const args = [settings.databaseUrl, settings.exchange, String(settings.batchSize)];
    const process = new RelayProcess(fork(path, args, { execArgv: ['--expose-gc'] }));
    await process.reply('ready');
    return process;
  }

  /** Relays the whole log under the new publisher `name` (the previous relay is stopped). */
  async relay(name: string, head: LogPosition): Promise<RelayRound> {
    return this.request({ kind: 'relay', name, head }, 'relayed');
  }

  /** Starts sampling the memory of the last relay, which keeps running. */
  async follow(): Promise<void> {
    await this.request({ kind: 'follow' }, 'following');
  }

  /** Stops the relay and the child (waits for its exit); the memory since {@link follow}. */
  async stop(): Promise<RelayMemory> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    const { memory } = await this.request({ kind: 'stop' }, 'stopped');
    await exited;
    return memory;
  }

  /** Kills the child if it still runs (after a failure). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }

  private request<K extends RelayReply['kind']>(
    command: RelayCommand,
    kind: K,
  ): Promise<Extract<RelayReply, { kind: K }>> {
    const reply = this.reply(kind);
    this.child.send(command);
    return reply;
  }

  private reply<K extends RelayReply['kind']>(kind: K): Promise<Extract<RelayReply, { kind: K }>> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`the relay process exited (${code}) before replying "${kind}"`));
      this.child.once('exit', onExit);
      this.child.once('message', (message: RelayReply) => {
        this.child.off('exit', onExit);
        if (message.kind === kind) resolve(message as Extract<RelayReply, { kind: K }>);
        else reject(new Error(message.kind === 'failed' ? message.message : message.kind));
      });
    });
  }
}
