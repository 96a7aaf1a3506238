import { AccessGuard, RequirePermissions } from '@cqrs-ddd/access-control';
import { ValidationError } from '@cqrs-ddd/core';
import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import type { SagaStatus } from '../saga/saga-instance.js';
import {
  SagaAdminService,
  type SagaInstanceDetails,
  type SagaListPage,
} from './saga-admin.service.js';

/** Permission of the reading routes of {@link SagaAdminController}. */
export const SAGAS_READ_PERMISSION = 'sagas:read';
/** Permission of the routes of {@link SagaAdminController} that change instances. */
export const SAGAS_MANAGE_PERMISSION = 'sagas:manage';

/**
 * REST routes of {@link SagaAdminService}, mounted by `SagasModule` with `adminApi: true`:
 * `GET /sagas?name&status&limit&cursor`, `GET /sagas/:name/:id` (`sagas:read`),
 * `POST /sagas/:name/:id/retry`, `POST /sagas/:name/:id/compensate` (`{ "reason": "..." }`,
 * `sagas:manage`), for the caller's tenant only. Guarded by access-control's `AccessGuard` (no
 * principal: `UnauthenticatedError`; missing permission: `ForbiddenError`). Errors are the
 * library's (`SagaNotFoundError`, `SagaStateError`, `ValidationError`): the app's exception
 * filter maps them (404, 409, 400).
 */
@Controller('sagas')
@UseGuards(AccessGuard)
export class SagaAdminController {
  constructor(private readonly admin: SagaAdminService) {}

  /** Lists instances. */
  @Get()
  @RequirePermissions(SAGAS_READ_PERMISSION)
  list(
    @Query('name') name?: string,
    @Query('status') status?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ): Promise<SagaListPage> {
    return this.admin.list({
      name,
      status: status as SagaStatus | undefined,
      limit: limit === undefined ? undefined : parseLimit(limit),
      cursor,
    });
  }

  /** One instance with its commands. */
  @Get(':name/:id')
  @RequirePermissions(SAGAS_READ_PERMISSION)
  get(@Param('name') name: string, @Param('id') id: string): Promise<SagaInstanceDetails> {
    return this.admin.get(name, id);
  }

  /** Retries a failed instance's compensation. */
  @Post(':name/:id/retry')
  @HttpCode(200)
  @RequirePermissions(SAGAS_MANAGE_PERMISSION)
  retry(@Param('name') name: string, @Param('id') id: string): Promise<SagaInstanceDetails> {
    return this.admin.retry(name, id);
  }

  /** Forces the compensation of a running instance. */
  @Post(':name/:id/compensate')
  @HttpCode(200)
  @RequirePermissions(SAGAS_MANAGE_PERMISSION)
  compensate(
    @Param('name') name: string,
    @Param('id') id: string,
    @Body() body: { reason?: unknown } | undefined,
  ): Promise<SagaInstanceDetails> {
    return this.admin.compensate(name, id, body?.reason as string);
  }
}

function parseLimit(value: string): number {
  if (!/^\d{1,4}$/.test(value)) throw ValidationError.of('limit', 'must be an integer', 'isInt');
  return Number(value);
}
