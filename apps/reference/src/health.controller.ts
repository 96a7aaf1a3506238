import { Controller, Get } from '@nestjs/common';

/** Liveness of the process; readiness checks arrive with the infrastructure modules. */
@Controller('health')
export class HealthController {
  /** `GET /health/live`: 200 while the process serves HTTP. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
