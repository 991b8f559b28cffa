import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { DIETS } from '@dinosaurs/dinosaur-domain';
import type { FastifyReply } from 'fastify';
import { ErrorSchema } from '../errors/error.schema';
import { DinosaurSchema } from './dinosaur.schema';
import { DinosaursService, type Representation } from './dinosaurs.service';

/** If-None-Match holds `*` or a list of tags, weak or strong, and compares them weakly (RFC 9110). */
function matches(ifNoneMatch: string, etag: string): boolean {
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Sends a pre-serialized body itself, so the hot path does no serialization, or 304 when the client
 * already holds it. `no-cache`: any cache may keep the answer but must ask again each time, which
 * costs a 304 without a body, so a new deployment is seen at once rather than after a max-age.
 */
function sendRepresentation(reply: FastifyReply, { body, etag }: Representation, ifNoneMatch?: string): void {
  reply
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'no-cache')
    .header('etag', etag);
  if (ifNoneMatch !== undefined && matches(ifNoneMatch, etag)) reply.code(304).send();
  else reply.send(body);
}

@ApiTags('dinosaurs')
@Controller('dinosaurs')
export class DinosaursController {
  constructor(private readonly dinosaurs: DinosaursService) {}

  @Get()
  @ApiOperation({ operationId: 'listDinosaurs', summary: 'Every dinosaur, in the original order' })
  @ApiQuery({ name: 'diet', required: false, enum: DIETS, enumName: 'Diet' })
  @ApiOkResponse({ type: DinosaurSchema, isArray: true, description: 'Every dinosaur, or those of one diet' })
  @ApiBadRequestResponse({ type: ErrorSchema, description: 'diet is not a known diet' })
  list(
    @Query('diet') diet: unknown,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): void {
    sendRepresentation(reply, this.dinosaurs.list(diet), ifNoneMatch);
  }

  @Get(':name')
  @ApiOperation({ operationId: 'getDinosaur', summary: 'One dinosaur by name, ignoring case' })
  @ApiOkResponse({ type: DinosaurSchema, description: 'The dinosaur of that name, matched ignoring case' })
  @ApiNotFoundResponse({ type: ErrorSchema, description: 'No dinosaur has that name' })
  find(
    @Param('name') name: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): void {
    sendRepresentation(reply, this.dinosaurs.find(name), ifNoneMatch);
  }
}
