import {
  isParkedEventNotFoundError,
  ParkedEventNotFoundError,
} from '../errors/parked-event-not-found.error.js';
import type { ParkedEvent } from './parked-event-store.port.js';
import type { ProcessorHandle } from './processor-handle.js';

/**
 * Several processors operated as one (e.g. a projection's served and building generations):
 * pause, resume, and the parked events of all of them.
 */
export class ProcessorGroup {
  constructor(
    /** Name used in errors (e.g. the projection's). */
    readonly name: string,
    private readonly handles: readonly ProcessorHandle[],
  ) {}

  /** Parked events of every processor of the group. */
  async listParked(): Promise<ParkedEvent[]> {
    const lists = await Promise.all(this.handles.map((handle) => handle.listParked()));
    return lists.flat();
  }

  /**
   * Retries a parked event (with the events of its stream parked behind it) on the processor
   * that parked it.
   * @throws ParkedEventNotFoundError when no processor of the group parked `eventId`
   */
  retryParked(eventId: string): Promise<void> {
    return this.onParked(eventId, (handle) => handle.retryParked(eventId));
  }

  /**
   * Drops a parked event without handling it.
   * @throws ParkedEventNotFoundError when no processor of the group parked `eventId`
   */
  skipParked(eventId: string): Promise<void> {
    return this.onParked(eventId, (handle) => handle.skipParked(eventId));
  }

  /** Pauses every processor (each finishes its batch and keeps its leases). */
  async pause(): Promise<void> {
    await Promise.all(this.handles.map((handle) => handle.pause()));
  }

  /** Ends a {@link pause}. */
  resume(): void {
    for (const handle of this.handles) handle.resume();
  }

  private async onParked(
    eventId: string,
    action: (handle: ProcessorHandle) => Promise<void>,
  ): Promise<void> {
    for (const handle of this.handles) {
      try {
        return await action(handle);
      } catch (error) {
        if (!isParkedEventNotFoundError(error)) throw error;
      }
    }
    throw new ParkedEventNotFoundError(this.name, eventId);
  }
}
