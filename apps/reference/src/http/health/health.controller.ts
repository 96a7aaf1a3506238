import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheckService,
  MikroOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import type { ExpressResponse } from '../express.types.js';
import { ProjectionsHealthIndicator } from './projections.health.js';
import { Public } from '../../auth/public.decorator.js';

/** `/health/*` (terminus): liveness and readiness probes; they need no token. */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: MikroOrmHealthIndicator,
    private readonly projections: ProjectionsHealthIndicator,
  ) {}

  /** `GET /health/live`: 200 while the process serves HTTP. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * `GET /health/ready`: 200 when PostgreSQL answers (MikroORM) and the projections run; otherwise 503 with terminus's report (`status`, `info`, `error`, `details`).
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: ExpressResponse): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2000 }),
        () => this.projections.check('projections'),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
