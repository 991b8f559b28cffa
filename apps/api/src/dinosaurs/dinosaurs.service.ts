import { createHash } from 'node:crypto';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DIETS, DINOSAURS, filterByDiet, findByName, isDiet } from '@dinosaurs/dinosaur-domain';

/**
 * A response body serialized once, with the entity tag that names it. The body is bytes, so that
 * no request encodes it again or measures its length.
 */
export interface Representation {
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * The exception of a client error, made without a stack trace: an unknown name or diet is the
 * caller's mistake, not a bug anyone will debug, and capturing the stack was the largest cost of
 * answering one.
 */
function clientError<E extends Error>(make: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function represent(value: unknown): Representation {
  const body = Buffer.from(JSON.stringify(value));
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

/**
 * The dinosaurs as the API serves them. The data never changes while the process runs, so
 * every list and every dinosaur is serialized once, at start-up, rather than on each request.
 */
@Injectable()
export class DinosaursService {
  private readonly all = represent(DINOSAURS);
  private readonly byDiet = new Map(DIETS.map((diet) => [diet, represent(filterByDiet(DINOSAURS, diet))]));
  private readonly each = new Map(DINOSAURS.map((dinosaur) => [dinosaur, represent(dinosaur)]));

  /** The list, or the dinosaurs of one diet; a `diet` that is no diet is a 400. */
  list(diet: unknown): Representation {
    if (diet === undefined) return this.all;
    if (!isDiet(diet)) throw clientError(() => new BadRequestException(`diet must be one of: ${DIETS.join(', ')}`));
    return this.byDiet.get(diet) as Representation;
  }

  /** The dinosaur called `name`, ignoring case; an unknown name is a 404. */
  find(name: string): Representation {
    const dinosaur = findByName(DINOSAURS, name);
    if (!dinosaur) throw clientError(() => new NotFoundException(`No dinosaur is called ${JSON.stringify(name)}`));
    return this.each.get(dinosaur) as Representation;
  }
}
