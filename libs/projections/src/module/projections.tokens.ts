import { Inject } from '@nestjs/common';

/** Injection token of the projections module's stores (`ProjectionsInfrastructure`). */
export const PROJECTIONS_INFRASTRUCTURE = Symbol('cqrs-ddd:PROJECTIONS_INFRASTRUCTURE');

/** A projection class, as given to `forFeature` and `@InjectReadModel`. */
export type ProjectionClass = abstract new (...args: never[]) => object;

const repositoryTokens = new WeakMap<ProjectionClass, symbol>();

/**
 * Injection token of the `ReadModelRepository` of `projection`, as provided by
 * `ProjectionsModule.forFeature([projection])`: one per class.
 */
export function getReadModelRepositoryToken(projection: ProjectionClass): symbol {
  let token = repositoryTokens.get(projection);
  if (token === undefined) {
    token = Symbol(`ReadModelRepository<${projection.name}>`);
    repositoryTokens.set(projection, token);
  }
  return token;
}

/**
 * Injects the `ReadModelRepository` of `projection` (registered with
 * `ProjectionsModule.forFeature([projection])`):
 *
 * ```ts
 * constructor(@InjectReadModel(OrderSummaryProjection) private readonly summaries: ReadModelRepository<OrderSummary>) {}
 * ```
 */
export function InjectReadModel(projection: ProjectionClass): ReturnType<typeof Inject> {
  return Inject(getReadModelRepositoryToken(projection));
}
