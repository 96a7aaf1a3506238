import { AccessEnforcer, AccessGuard, RequirePermissions } from '@cqrs-ddd/access-control';
import { currentRequestContext } from '@cqrs-ddd/core';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  type Type,
  UseGuards,
} from '@nestjs/common';
import type { StoredFeatureFlag } from '../postgres/stored-feature-flag.js';
import {
  type FeatureFlagScope,
  parseExpectedVersion,
  parseFlagScope,
  parseFlagUpdate,
  parseNewFlag,
} from './feature-flag-admin.input.js';
import { FeatureFlagAdminService } from './feature-flag-admin.service.js';

/** Default route prefix of {@link FeatureFlagsAdminController}. */
export const DEFAULT_FEATURE_FLAGS_ADMIN_PATH = 'feature-flags';

/**
 * The admin HTTP API of the `'postgres'` provider (`adminApi: true`), over
 * `FeatureFlagAdminService`. `?scope=tenant` (default: the caller's tenant's overrides) or
 * `?scope=global`:
 *
 * | route | permission |
 * |---|---|
 * | `GET /feature-flags` → `{ items }` | `feature-flags:read` |
 * | `GET /feature-flags/:key` | `feature-flags:read` |
 * | `POST /feature-flags` (a flag definition) → 201 | `feature-flags:manage` |
 * | `PUT /feature-flags/:key` (definition + `expectedVersion`) | `feature-flags:manage` |
 * | `DELETE /feature-flags/:key?expectedVersion=` → 204 | `feature-flags:manage` |
 *
 * Every call with `scope=global` also needs `feature-flags:manage-global` (global definitions
 * may name other tenants in their targeting). Guarded by access-control's `AccessGuard`
 * (after the identity guard). Bad input: `ValidationError`; unknown flag: `NotFoundError`;
 * stale `expectedVersion` or existing key: `ConcurrencyError` — the app maps them to
 * 400 / 404 / 409.
 */
@Controller(DEFAULT_FEATURE_FLAGS_ADMIN_PATH)
@UseGuards(AccessGuard)
export class FeatureFlagsAdminController {
  constructor(
    private readonly admin: FeatureFlagAdminService,
    private readonly access: AccessEnforcer,
  ) {}

  /** The flags of the scope. */
  @Get()
  @RequirePermissions('feature-flags:read')
  async list(@Query('scope') scope?: string): Promise<{ items: StoredFeatureFlag[] }> {
    return { items: await this.admin.list(await this.scopeOf(scope)) };
  }

  /** One flag of the scope. */
  @Get(':key')
  @RequirePermissions('feature-flags:read')
  async get(@Param('key') key: string, @Query('scope') scope?: string): Promise<StoredFeatureFlag> {
    return this.admin.get(key, await this.scopeOf(scope));
  }

  /** Creates a flag (the body is its definition). */
  @Post()
  @RequirePermissions('feature-flags:manage')
  async create(@Body() body: unknown, @Query('scope') scope?: string): Promise<StoredFeatureFlag> {
    const resolved = await this.scopeOf(scope);
    return this.admin.create(parseNewFlag(body), resolved);
  }

  /** Replaces a flag's definition (the body: the definition and `expectedVersion`). */
  @Put(':key')
  @RequirePermissions('feature-flags:manage')
  async update(
    @Param('key') key: string,
    @Body() body: unknown,
    @Query('scope') scope?: string,
  ): Promise<StoredFeatureFlag> {
    const resolved = await this.scopeOf(scope);
    const { definition, expectedVersion } = parseFlagUpdate(key, body);
    return this.admin.update(definition, expectedVersion, resolved);
  }

  /** Deletes a flag (checking `expectedVersion` when given). */
  @Delete(':key')
  @HttpCode(204)
  @RequirePermissions('feature-flags:manage')
  async remove(
    @Param('key') key: string,
    @Query('scope') scope?: string,
    @Query('expectedVersion') expectedVersion?: string,
  ): Promise<void> {
    const resolved = await this.scopeOf(scope);
    await this.admin.remove(key, resolved, parseExpectedVersion(expectedVersion));
  }

  /** The requested scope; the global one needs `feature-flags:manage-global`. */
  private async scopeOf(value: unknown): Promise<FeatureFlagScope> {
    const scope = parseFlagScope(value);
    if (scope === 'global') {
      await this.access.enforce(currentRequestContext()?.principal, 'feature-flags:manage-global');
    }
    return scope;
  }
}

/** {@link FeatureFlagsAdminController} served under `path`. */
export function featureFlagsAdminControllerAt(path: string): Type<FeatureFlagsAdminController> {
  if (path === DEFAULT_FEATURE_FLAGS_ADMIN_PATH) return FeatureFlagsAdminController;
  @Controller(path)
  class RoutedFeatureFlagsAdminController extends FeatureFlagsAdminController {}
  return RoutedFeatureFlagsAdminController;
}
