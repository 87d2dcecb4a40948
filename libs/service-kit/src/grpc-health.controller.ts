import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import { DomainError, ErrorCode } from '@sightline/contracts';
import { healthV1 } from '@sightline/proto';
import { distinctUntilChanged, from, map, of, switchMap, timer, type Observable } from 'rxjs';
import { ReadinessService, type CheckResult } from './readiness.service';
import { PublicEndpoint } from './requires-access.decorator';

const WATCH_INTERVAL_MS = 2_000;

/** The gRPC face of /readyz (sightline.health.v1.HealthService), for partners and gRPC probes; open. */
@PublicEndpoint()
@Controller()
export class GrpcHealthController {
  constructor(
    @Inject(ReadinessService) private readonly readiness: ReadinessService,
    @Inject(SIGHTLINE_CONFIG) private readonly config: SightlineConfig,
  ) {}

  @GrpcMethod('HealthService', 'Check')
  async check(request: healthV1.CheckRequest): Promise<WireResponse> {
    if (!this.knows(request.service)) {
      throw new DomainError(ErrorCode.NotFound, `this server does not serve ${request.service}`, {
        service: request.service,
      });
    }
    return toWire(await this.readiness.evaluate());
  }

  /** Sends the current status, then every change; polling keeps it independent of who owns each check. */
  @GrpcMethod('HealthService', 'Watch')
  watch(request: healthV1.WatchRequest): Observable<WireResponse> {
    if (!this.knows(request.service)) {
      return of({
        status: healthV1.ServingStatus.SERVING_STATUS_SERVICE_UNKNOWN,
        details: [],
        checkedAt: wireNow(),
      });
    }
    return timer(0, WATCH_INTERVAL_MS).pipe(
      switchMap(() => from(this.readiness.evaluate())),
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
      map(toWire),
    );
  }

  /** Empty means the whole server; otherwise the service's own name, with or without the `sightline.` prefix. */
  private knows(service: string): boolean {
    const name = this.config.service.name;
    return service === '' || service === name || service === `sightline.${name}`;
  }
}

/** proto-loader's object form: Timestamp as seconds and nanos, enums as numbers. */
interface WireResponse {
  readonly status: healthV1.ServingStatus;
  readonly details: readonly { name: string; ok: boolean; detail: string }[];
  readonly checkedAt: { seconds: number; nanos: number };
}

function wireNow(): WireResponse['checkedAt'] {
  const now = Date.now();
  return { seconds: Math.floor(now / 1000), nanos: (now % 1000) * 1e6 };
}

function toWire(result: { ready: boolean; checks: CheckResult[] }): WireResponse {
  return {
    status: result.ready
      ? healthV1.ServingStatus.SERVING_STATUS_SERVING
      : healthV1.ServingStatus.SERVING_STATUS_NOT_SERVING,
    details: result.checks.map((check) => ({
      name: check.name,
      ok: check.ok,
      detail: check.detail ?? '',
    })),
    checkedAt: wireNow(),
  };
}
