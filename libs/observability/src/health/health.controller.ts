import {
  Controller,
  Get,
  Injectable,
  Res,
  ServiceUnavailableException,
  type Type,
} from '@nestjs/common';
import { type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { ReadinessChecks } from './readiness-checks.js';

/** The part of the HTTP response (Express and Fastify alike) `ready` sets the status on. */
interface StatusSettable {
  status(code: number): unknown;
}

/**
 * `<path>/live` and `<path>/ready` (terminus). Not a controller itself: the module registers a
 * subclass at its path, with the app's endpoint decorators ({@link healthControllerAt}).
 * (`@Injectable()` records its constructor's parameter types, which subclasses inherit.)
 */
@Injectable()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessChecks,
  ) {}

  /** `GET <path>/live`: 200 `{ status: 'ok' }` while the process serves HTTP. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * `GET <path>/ready`: 200 with terminus's report when every dependency the app has is up
   * (see `ReadinessChecks`); otherwise 503 with the report (`status`, `info`, `error`,
   * `details`), as is — not through the app's exception filters.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: StatusSettable): Promise<HealthCheckResult> {
    try {
      return await this.health.check([...this.readiness.checks]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}

/**
 * A {@link HealthController} subclass served at `path`, with `decorators` (e.g. the app's
 * `@Public()`) applied to it: one per registration, so the base class stays undecorated.
 */
export function healthControllerAt(
  path: string,
  decorators: readonly ClassDecorator[],
): Type<HealthController> {
  class ObservabilityHealthController extends HealthController {}
  for (const decorate of [Controller(path), ...decorators]) decorate(ObservabilityHealthController);
  return ObservabilityHealthController;
}
