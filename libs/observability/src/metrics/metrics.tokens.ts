/** Injection token of the resolved metrics settings (`MetricsSettings`). */
export const METRICS_SETTINGS = Symbol('cqrs-ddd:OBSERVABILITY_METRICS_SETTINGS');
