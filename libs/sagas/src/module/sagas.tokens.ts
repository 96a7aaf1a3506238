/** Injection token of the `SagaEngine` built by `SagasModule`. */
export const SAGA_ENGINE = Symbol('cqrs-ddd:SAGA_ENGINE');
