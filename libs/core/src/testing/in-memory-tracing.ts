import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A process-wide OpenTelemetry tracer provider that keeps finished spans in memory, for tests. */
export interface InMemoryTracing {
  /** The exporter holding every finished span. */
  readonly exporter: InMemorySpanExporter;
  /** The spans finished so far, in the order they ended. */
  finishedSpans(): ReadableSpan[];
  /** Forgets the spans finished so far. */
  reset(): void;
  /** Shuts the provider down and unregisters it and the context manager (call in `afterAll`). */
  uninstall(): Promise<void>;
}

/**
 * Registers, process-wide, a tracer provider that records every span (always sampled) into an
 * in-memory exporter, and an `AsyncLocalStorage` context manager so the active span follows
 * `await`s. Replaces any provider/context manager registered before (they are global in
 * `@opentelemetry/api`). Pair with `uninstall()` in `afterAll`.
 */
export function installInMemoryTracing(): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  trace.disable();
  context.disable();
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  return {
    exporter,
    finishedSpans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    async uninstall() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
