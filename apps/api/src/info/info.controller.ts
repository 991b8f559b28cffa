import { hostname } from 'node:os';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiSchema, ApiTags } from '@nestjs/swagger';
import type { ServiceInfo } from '@dinosaurs/dinosaur-domain';
import { VERSION } from '../version';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';

@ApiSchema({ name: 'Info' })
export class InfoSchema implements ServiceInfo {
  @ApiProperty({ type: String, example: '1.0.0' })
  readonly version!: string;

  @ApiProperty({ type: String, example: '3f2a9c1' })
  readonly commit!: string;

  @ApiProperty({
    type: String,
    example: 'api-7c9d8f6b5-x2kqp',
    description: 'In Kubernetes, the name of the pod that answered',
  })
  readonly hostname!: string;
}

@ApiTags('info')
@Controller('info')
export class InfoController {
  private readonly info: InfoSchema;

  constructor(@Inject(CONFIG) config: Config) {
    this.info = { version: VERSION, commit: config.commitSha, hostname: hostname() };
  }

  @Get()
  @ApiOperation({ operationId: 'info', summary: 'Which build and which replica answered' })
  @ApiOkResponse({ type: InfoSchema })
  get(): InfoSchema {
    return this.info;
  }
}
