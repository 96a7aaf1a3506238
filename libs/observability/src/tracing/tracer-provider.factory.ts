import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
  type SpanExporter,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TracingSettings } from '../module/observability.settings.js';

/**
 * A tracer provider for `settings` (not registered): resource `service.name`, a parent-based
 * sampler keeping `sampleRatio` of new traces (a sampled caller's trace is always continued),
 * and one span processor — simple (each span exported when it ends) or batched — in front of
 * the configured exporter.
 */
export function createTracerProvider(settings: TracingSettings): BasicTracerProvider {
  const exporter = spanExporterOf(settings);
  return new BasicTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName }),
    ),
    sampler: new ParentBasedSampler({
      root: new TraceIdRatioBasedSampler(settings.sampleRatio),
    }),
    spanProcessors: [
      settings.simple ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter),
    ],
  });
}

/** The exporter `settings.exporter` names (OTLP over HTTP, the console) or is. */
function spanExporterOf(settings: TracingSettings): SpanExporter {
  if (settings.exporter === 'console') return new ConsoleSpanExporter();
  if (settings.exporter === 'otlp') {
    return new OTLPTraceExporter(settings.otlpUrl ? { url: settings.otlpUrl } : {});
  }
  return settings.exporter;
}
