import type { Principal } from '@cqrs-ddd/core';

/** Who opens a stream, and for which tenant: a client receives only this tenant's events. */
export interface StreamCaller {
  /** The authenticated principal. */
  readonly principal: Principal;
  /** Tenant whose events the client receives. */
  readonly tenantId: string;
}
