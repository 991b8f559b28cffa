import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** The OpenAPI schema of every error body. */
@ApiSchema({ name: 'Error' })
export class ErrorSchema {
  @ApiProperty({ type: 'integer', example: 404 })
  readonly statusCode!: number;

  @ApiProperty({ type: String, example: 'Not Found' })
  readonly error!: string;

  @ApiProperty({ type: String, example: 'No dinosaur is called "Barney"' })
  readonly message!: string;
}
