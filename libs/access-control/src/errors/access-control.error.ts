import { CqrsDddError } from '@cqrs-ddd/core';

/** Base class of every error thrown by `@cqrs-ddd/access-control`. */
export abstract class AccessControlError extends CqrsDddError {}
