import { AggregateRoot, DomainRuleViolation, type EventHandlerBinding } from '@cqrs-ddd/core';
import { DeviceReadingRecorded } from './device-reading-recorded.event.js';

/** Event-sourced aggregate of the realistic handler: counts readings, refuses negative ones. */
export class Device extends AggregateRoot<string> {
  private readings = 0;
  private lastValue: number | undefined;

  /** Readings recorded so far (history included). */
  get readingCount(): number {
    return this.readings;
  }

  /** Records a reading: the command method, which checks a rule and applies one event. */
  record(value: number): void {
    if (value < 0 || value === this.lastValue) {
      throw new DomainRuleViolation(
        'device.reading-must-change',
        `Device "${this.id}" needs a non-negative reading different from the last one.`,
      );
    }
    this.apply(new DeviceReadingRecorded(this.id, value));
  }

  protected override handles(): readonly EventHandlerBinding[] {
    return [
      this.on(DeviceReadingRecorded, (event) => {
        this.readings += 1;
        this.lastValue = event.value;
      }),
    ];
  }
}
