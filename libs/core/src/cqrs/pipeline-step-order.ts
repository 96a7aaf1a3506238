/**
 * Default slots of the pipeline, outermost first. Gaps leave room for steps in between; the
 * reserved slots belong to the suite's other libraries, which register their steps there:
 *
 * | order | step | by |
 * |---|---|---|
 * | 100 | context: request context, message/correlation/causation ids | core |
 * | 150 | telemetry: span and measurement per execution (type, outcome, tenant) | core |
 * | 200 | logging: type, ids, outcome, duration | core |
 * | 300 | tenancy (reserved) | `@cqrs-ddd/multitenancy` |
 * | 400 | authorization (reserved) | `@cqrs-ddd/access-control` |
 * | 500 | validation: class-validator | core |
 * | 550 | feature flags (reserved) | `@cqrs-ddd/feature-flags` |
 * | 600 | idempotency: replay by idempotency key | core |
 * | 650 | audit (reserved) | `@cqrs-ddd/audit` |
 * | 700 | retry on `ConcurrencyError` | core |
 * | 800 | unit of work (transaction boundary) | core |
 * | 850 | audit commit: a command's success entry, in its transaction | `@cqrs-ddd/audit` |
 * | — | the `@nestjs/cqrs` handler | |
 */
export const PipelineStepOrder = {
  CONTEXT: 100,
  TELEMETRY: 150,
  LOGGING: 200,
  TENANCY: 300,
  AUTHORIZATION: 400,
  VALIDATION: 500,
  FEATURE_FLAGS: 550,
  IDEMPOTENCY: 600,
  AUDIT: 650,
  RETRY: 700,
  UNIT_OF_WORK: 800,
} as const;
