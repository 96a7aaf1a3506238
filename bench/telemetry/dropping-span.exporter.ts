import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * A span exporter that drops every batch at once (reporting success) and only counts the spans,
 * so that tracing costs what the SDK does in-process, without any network or serialisation.
 */
export class DroppingSpanExporter implements SpanExporter {
  /** Spans handed to the exporter so far. */
  received = 0;

  /** Counts the spans and reports success synchronously. */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.received += spans.length;
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** Nothing to release. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
