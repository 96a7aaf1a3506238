import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { formatLogPosition } from '@cqrs-ddd/core';
import { OrderSummaryProcessor } from '../../orders/read-model/order-summary.processor.js';

/** Readiness of the `OrderSummary` processor: up while it runs, with its log position. */
@Injectable()
export class ReadModelProcessorHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** `up` while the processor runs, `down` when it is stopped or not part of the app. */
  check<const Key extends string>(key: Key): HealthIndicatorResult<Key> {
    const indicator = this.indicators.check(key);
    const processor = this.processor();
    if (!processor?.isRunning) return indicator.down({ message: 'The processor is not running.' });
    const position = processor.position;
    return indicator.up({ position: position ? formatLogPosition(position) : null });
  }

  private processor(): OrderSummaryProcessor | undefined {
    try {
      return this.moduleRef.get(OrderSummaryProcessor, { strict: false });
    } catch {
      return undefined;
    }
  }
}
