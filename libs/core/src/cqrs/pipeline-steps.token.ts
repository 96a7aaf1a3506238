/**
 * Injection token of the configured steps (`PipelineStepDefinition[]`: built-in and
 * `pipeline.steps` of the module options) that `CqrsPipeline` installs, together with the
 * `@PipelineStep()` providers it discovers.
 */
export const CQRS_PIPELINE_STEPS = Symbol('cqrs-ddd:CQRS_PIPELINE_STEPS');
