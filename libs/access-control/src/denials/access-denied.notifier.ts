import { Logger } from '@nestjs/common';
import type { AccessDecision } from '../pep/access-decision.js';
import type { AccessRequest } from '../policies/access-policy.js';
import type { AccessDeniedListener } from './access-denied.listener.js';

/** Where the listeners come from: a fixed list, or a lookup done once, on first use. */
export type AccessDeniedListenerSource =
  readonly AccessDeniedListener[] | (() => readonly AccessDeniedListener[]);

/**
 * Calls every {@link AccessDeniedListener} for one denial, one after the other. Errors of a
 * listener are logged (action and listener only) and never propagate.
 */
export class AccessDeniedNotifier {
  private readonly logger = new Logger('AccessControl');
  private listeners?: readonly AccessDeniedListener[];

  constructor(private readonly source: AccessDeniedListenerSource) {}

  /** Reports `decision` (a denial of `request`) to every listener. Never rejects. */
  async notify(request: AccessRequest, decision: AccessDecision): Promise<void> {
    for (const listener of this.resolve()) {
      try {
        await listener.onDenied(request, decision);
      } catch (error) {
        this.logger.error(
          `Access-denied listener ${listener.constructor.name} failed for ${request.action}: ` +
            `${error instanceof Error ? error.message : String(error)} (the request stays denied)`,
        );
      }
    }
  }

  private resolve(): readonly AccessDeniedListener[] {
    this.listeners ??= typeof this.source === 'function' ? this.source() : this.source;
    return this.listeners;
  }
}
