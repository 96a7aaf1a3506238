import { CqrsDddError } from '@cqrs-ddd/core';

/** Base class of every error of `@cqrs-ddd/streaming`; branch on `code`. */
export abstract class StreamingError extends CqrsDddError {}
