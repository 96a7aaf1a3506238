import type { Specification } from './specification.types.js';

/** Anything that can produce a specification AST, such as the fluent `Spec` builder. */
export interface SpecificationSource {
  toSpecification(): Specification;
}

/** What APIs taking a filter accept: a plain AST node or a builder. */
export type SpecInput = Specification | SpecificationSource;

/** The plain AST behind `input`. */
export function toSpecification(input: SpecInput): Specification {
  return 'toSpecification' in input ? input.toSpecification() : input;
}
