import {
  FeatureFlagProvider,
  type FlagDefinition,
  type FlagEvaluation,
  type FlagEvaluationContext,
  type FlagValue,
  type FlagValueOf,
} from '../../ports/feature-flag-provider.port.js';
import { assertValidFlagDefinitions, evaluateFlagDefinition } from './flag-definition-evaluator.js';

/**
 * {@link FeatureFlagProvider} over definitions held in memory. Definitions are validated up
 * front (a bad definition is a configuration error, thrown as `ValidationError`) and can be
 * replaced at run time with {@link setFlag} / {@link removeFlag}.
 */
export class InMemoryFeatureFlagProvider extends FeatureFlagProvider {
  private readonly flags = new Map<string, FlagDefinition>();

  constructor(definitions: readonly FlagDefinition[] = []) {
    super();
    assertValidFlagDefinitions(definitions);
    for (const definition of definitions)
      this.flags.set(definition.key, structuredClone(definition));
  }

  /** Adds or replaces one flag definition. */
  setFlag(definition: FlagDefinition): void {
    assertValidFlagDefinitions([definition]);
    this.flags.set(definition.key, structuredClone(definition));
  }

  /** Removes a flag; it then evaluates as `unknown-flag`. Returns whether it existed. */
  removeFlag(flagKey: string): boolean {
    return this.flags.delete(flagKey);
  }

  async evaluate<T extends FlagValue>(
    flagKey: string,
    context: FlagEvaluationContext,
    defaultValue: T,
  ): Promise<FlagEvaluation<FlagValueOf<T>>> {
    return evaluateFlagDefinition(this.flags.get(flagKey), context, defaultValue);
  }
}
