import { CqrsDddError } from '@cqrs-ddd/core';

/** Base class of every error thrown by `@cqrs-ddd/feature-flags`. */
export abstract class FeatureFlagsError extends CqrsDddError {}
