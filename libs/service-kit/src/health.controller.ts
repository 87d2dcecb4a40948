import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ServiceMetrics } from '@sightline/observability';
import type { Response } from 'express';
import { ReadinessService } from './readiness.service';
import { PublicEndpoint } from './requires-access.decorator';

/** Probes for Kubernetes and the scrape endpoint for Prometheus: open, they name no person. */
@PublicEndpoint()
@Controller()
export class HealthController {
  constructor(
    @Inject(ReadinessService) private readonly readiness: ReadinessService,
    @Inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
  ) {}

  /** Alive: the event loop answers. Never checks dependencies, so a broker outage does not restart pods. */
  @Get('healthz')
  @HttpCode(200)
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res() response: Response): Promise<void> {
    const result = await this.readiness.evaluate();
    response
      .status(result.ready ? 200 : 503)
      .json({ status: result.ready ? 'ready' : 'not-ready', checks: result.checks });
  }

  @Get('metrics')
  async scrape(@Res() response: Response): Promise<void> {
    response.setHeader('Content-Type', this.metrics.registry.contentType);
    response.send(await this.metrics.registry.metrics());
  }
}
