import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import type { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { TracingSettings } from '../module/observability.settings.js';
import { createTracerProvider } from './tracer-provider.factory.js';

/** What this app registered globally, to undo exactly that at shutdown. */
interface Registration {
  readonly provider: BasicTracerProvider;
  readonly ownsContextManager: boolean;
  readonly ownsPropagator: boolean;
}

/**
 * Owns the app's OpenTelemetry tracer provider. On module init it creates it and registers it
 * with the OpenTelemetry API, together with an `AsyncLocalStorage` context manager and the W3C
 * trace-context and baggage propagators — from then on every `instrument()`ed operation of the
 * suite is a span. On application shutdown it flushes the pending spans, shuts the provider
 * (and its exporter) down and unregisters what it registered, so that another app of the same
 * process can register its own.
 *
 * The OpenTelemetry API is process-wide: when a tracer provider is already registered (another
 * app of the process, or your own SDK set-up), this one stays unregistered, logs a warning, and
 * the spans go to the registered one.
 */
export class TracingLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ObservabilityModule');
  private registration: Registration | undefined;

  constructor(private readonly settings: TracingSettings) {}

  /** Whether this app's tracer provider is the registered one. */
  get registered(): boolean {
    return this.registration !== undefined;
  }

  /** Creates and registers the tracer provider. */
  onModuleInit(): void {
    const provider = createTracerProvider(this.settings);
    if (!trace.setGlobalTracerProvider(provider)) {
      this.logger.warn(
        'An OpenTelemetry tracer provider is already registered in this process: spans go to it.',
      );
      void provider.shutdown();
      return;
    }
    const manager = new AsyncLocalStorageContextManager();
    const ownsContextManager = context.setGlobalContextManager(manager);
    if (ownsContextManager) manager.enable();
    const ownsPropagator = propagation.setGlobalPropagator(
      new CompositePropagator({
        propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
      }),
    );
    this.registration = { provider, ownsContextManager, ownsPropagator };
  }

  /** Exports the spans that ended but are still buffered (batch processor). */
  async forceFlush(): Promise<void> {
    await this.registration?.provider.forceFlush();
  }

  /** Flushes, shuts the provider down and unregisters it. */
  async onApplicationShutdown(): Promise<void> {
    const registration = this.registration;
    if (!registration) return;
    this.registration = undefined;
    try {
      await registration.provider.forceFlush();
      await registration.provider.shutdown();
    } catch (error) {
      this.logger.warn(`Flushing the last spans failed: ${String(error)}`);
    } finally {
      trace.disable();
      if (registration.ownsContextManager) context.disable();
      if (registration.ownsPropagator) propagation.disable();
    }
  }
}
