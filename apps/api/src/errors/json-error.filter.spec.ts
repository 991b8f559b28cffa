import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '../logging/logger';
import { JsonErrorFilter } from './json-error.filter';

@Controller()
class BrokenController {
  @Get('broken')
  broken(): never {
    throw new Error('the database is on fire');
  }
}

@Module({ controllers: [BrokenController] })
class BrokenModule {}

describe('JsonErrorFilter', () => {
  it('answers an unexpected error with a 500 JSON error that hides it, and logs its stack', async () => {
    const logs: Record<string, unknown>[] = [];
    const logger = createLogger('info', { write: (line: string) => logs.push(JSON.parse(line)) });
    const app = await NestFactory.create<NestFastifyApplication>(BrokenModule, new FastifyAdapter(), { logger: false });
    app.useGlobalFilters(new JsonErrorFilter(logger));
    await app.init();

    const response = await app.inject({ method: 'GET', url: '/broken' });
    await app.close();

    expect(response.statusCode).toBe(500);
    expect(response.body).toBe('{"statusCode":500,"error":"Internal Server Error","message":"Internal server error"}');
    expect(logs).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'unhandled error',
        err: expect.objectContaining({
          message: 'the database is on fire',
          stack: expect.stringContaining('BrokenController'),
        }),
      }),
    ]);
  });
});
