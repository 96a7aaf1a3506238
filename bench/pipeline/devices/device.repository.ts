import { Injectable } from '@nestjs/common';
import { eventMetadataFromContext, EventTypeRegistry, InMemoryEventStore } from '@cqrs-ddd/core';
import { DeviceReadingRecorded } from './device-reading-recorded.event.js';
import { Device } from './device.aggregate.js';

/**
 * Loads and saves {@link Device} aggregates the way an event-sourced repository does: read the
 * stream, rehydrate each stored event through the type registry, replay; append the uncommitted
 * events with the request context as metadata and the loaded version as `expectedVersion`.
 */
@Injectable()
export class DeviceRepository {
  private readonly registry = new EventTypeRegistry([DeviceReadingRecorded]);
  private store = new InMemoryEventStore();

  /** Starts over with an empty store, so every measured round sees the same stream lengths. */
  reset(): void {
    this.store = new InMemoryEventStore();
  }

  /** The device with its whole history replayed (a new device when the stream is empty). */
  async load(deviceId: string): Promise<Device> {
    const history = [];
    for await (const stored of this.store.readStream(deviceId)) {
      history.push(this.registry.rehydrate(stored));
    }
    return new Device(deviceId).loadFromHistory(history);
  }

  /** Appends the device's new events (optimistic concurrency); returns the stream version. */
  async save(device: Device): Promise<number> {
    const metadata = eventMetadataFromContext();
    const events = device.uncommittedEvents.map((event) => ({
      ...this.registry.serialize(event),
      metadata,
    }));
    const result = await this.store.append(device.id, events, {
      expectedVersion: device.committedVersion,
      streamType: 'Device',
    });
    device.markCommitted();
    return result.streamVersion;
  }
}
