import { applyDecorators, Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, MemoryHealthIndicator } from '@nestjs/terminus';
import { Drain } from '../shutdown/drain';

/**
 * Terminus's `@HealthCheck()` documents itself by `require('@nestjs/swagger')` at run time, which
 * reaches outside the bundle into node_modules (slow, and absent in the image); the same headers
 * and documentation are declared here instead.
 */
const Probe = () =>
  applyDecorators(
    HealthCheck({ swaggerDocumentation: false, noCache: true }),
    ApiOkResponse({ description: 'Healthy: `{ "status": "ok", ... }`' }),
  );

/** Above this heap the replica stops taking traffic: far above what it uses under load. */
const HEAP_LIMIT_BYTES = 256 * 1024 * 1024;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly memory: MemoryHealthIndicator,
    private readonly drain: Drain,
  ) {}

  /** Liveness: the process answers. It checks nothing else, and stays up while draining. */
  @Get('live')
  @ApiOperation({ operationId: 'live', summary: 'Liveness: the process answers' })
  @Probe()
  live() {
    return this.health.check([]);
  }

  /** Readiness: 503 from the moment shutdown begins, so load balancers stop sending traffic. */
  @Get('ready')
  @ApiOperation({ operationId: 'ready', summary: 'Readiness: 503 once shutdown begins' })
  @Probe()
  @ApiServiceUnavailableResponse({ description: 'Draining before shutdown, or the heap is too large' })
  ready() {
    return this.health.check([
      () => {
        const session = this.indicators.check('drain');
        return this.drain.draining ? session.down('shutting down') : session.up();
      },
      () => this.memory.checkHeap('heap', HEAP_LIMIT_BYTES),
    ]);
  }
}
