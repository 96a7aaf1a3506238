import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ExpressResponse } from '../express.types.js';
import { ApiMetrics } from './api-metrics.js';
import { Public } from '../../auth/public.decorator.js';

/** `GET /metrics`: Prometheus exposition of {@link ApiMetrics}; needs no token. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  /** The current values, in the Prometheus text format. */
  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() response: ExpressResponse): Promise<void> {
    const body = await this.metrics.registry.metrics();
    response.type(this.metrics.registry.contentType).send(body);
  }
}
