/** Injection token of the job handlers by name, filled at bootstrap from `@JobHandler()` providers. */
export const SCHEDULING_JOB_HANDLERS = Symbol('cqrs-ddd:SCHEDULING_JOB_HANDLERS');

/** Injection token of the module's stores (`SchedulingStores`). */
export const SCHEDULING_STORES = Symbol('cqrs-ddd:SCHEDULING_STORES');
