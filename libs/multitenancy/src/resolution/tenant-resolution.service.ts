import { Inject, Injectable } from '@nestjs/common';
import { InvalidTenantIdError } from '../errors/invalid-tenant-id.error.js';
import { TenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { isValidTenantId } from '../registry/tenant-id.js';
import { TenantRegistry } from '../registry/tenant-registry.port.js';
import type { Tenant } from '../registry/tenant.js';
import { requireActiveTenant } from './require-active-tenant.js';
import {
  TENANT_RESOLUTION_OPTIONS,
  type TenantResolutionOptions,
} from './tenant-resolution.options.js';
import type { TenantResolutionInput, TenantResolver } from './tenant-resolver.js';

interface Found {
  readonly resolver: TenantResolver;
  readonly tenantId: string;
}

/** Shown as the "authenticated tenant" of a caller that has none. */
const NO_TENANT = '(none)';

/**
 * Finds the tenant of a request: asks every resolver, in order, and checks the answers.
 *
 * - The first value wins. Values of `claim` resolvers come from the authenticated principal and
 *   are trusted.
 * - Values the client chose (header, subdomain, custom) must equal the principal's own tenant;
 *   otherwise only a principal with the platform-admin role may use them (its explicit choice
 *   then wins over its token's tenant), and an anonymous request only with
 *   `trustUnauthenticatedSources`. Anything else is a `TenantMismatchError` — a header that
 *   disagrees with the token is refused, never silently ignored.
 * - The chosen tenant must be well formed (`InvalidTenantIdError`), registered
 *   (`UnknownTenantError`) and active (`TenantSuspendedError`).
 */
@Injectable()
export class TenantResolutionService {
  constructor(
    private readonly registry: TenantRegistry,
    @Inject(TENANT_RESOLUTION_OPTIONS) private readonly options: TenantResolutionOptions,
  ) {}

  /**
   * The checked tenant `input` names, or `undefined` when no resolver finds one.
   * @throws InvalidTenantIdError, TenantMismatchError, UnknownTenantError, TenantSuspendedError
   */
  async resolve(input: TenantResolutionInput): Promise<Tenant | undefined> {
    const tenantId = await this.resolveId(input);
    return tenantId === undefined ? undefined : requireActiveTenant(this.registry, tenantId);
  }

  /**
   * The tenant id `input` names after the trust checks, without consulting the registry.
   * @throws InvalidTenantIdError, TenantMismatchError
   */
  async resolveId(input: TenantResolutionInput): Promise<string | undefined> {
    const found = await this.collect(input);
    if (found.length === 0) return undefined;
    const principal = input.principal;
    const own = principal?.tenantId ?? found.find((f) => f.resolver.kind === 'claim')?.tenantId;
    const isAdmin = principal?.roles.includes(this.options.platformAdminRole) === true;
    let override: string | undefined;
    for (const { resolver, tenantId } of found) {
      if (resolver.kind === 'claim' || tenantId === own) continue;
      const allowed = principal ? isAdmin : this.options.trustUnauthenticatedSources;
      if (!allowed) throw new TenantMismatchError(own ?? NO_TENANT, tenantId);
      override ??= tenantId;
    }
    return override ?? found[0]!.tenantId;
  }

  private async collect(input: TenantResolutionInput): Promise<Found[]> {
    const found: Found[] = [];
    for (const resolver of this.options.resolvers) {
      const tenantId = await resolver(input);
      if (tenantId === undefined || tenantId === null || tenantId === '') continue;
      if (!isValidTenantId(tenantId)) throw new InvalidTenantIdError(String(tenantId));
      found.push({ resolver, tenantId });
    }
    return found;
  }
}
