import { DomainEvent } from '@cqrs-ddd/core';

/** A device reported a reading: the one event the realistic handler appends per command. */
export class DeviceReadingRecorded extends DomainEvent {
  static readonly type = 'device.reading-recorded';
  static readonly version = 1;

  constructor(
    readonly deviceId: string,
    readonly value: number,
  ) {
    super();
  }
}
