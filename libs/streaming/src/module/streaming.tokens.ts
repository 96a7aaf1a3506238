/** Injection token of the {@link ResolvedStreamingOptions} (defaults applied, checked). */
export const RESOLVED_STREAMING_OPTIONS = Symbol('cqrs-ddd:RESOLVED_STREAMING_OPTIONS');
