import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { DIETS, type Diet, type Dinosaur } from '@dinosaurs/domain';

/** The OpenAPI schema of a {@link Dinosaur}; `implements` keeps it in step with the domain type. */
@ApiSchema({ name: 'Dinosaur' })
export class DinosaurSchema implements Dinosaur {
  @ApiProperty({ type: String, example: 'Tyrannosaurus' })
  readonly Name!: string;

  @ApiProperty({ type: String, example: 'tie-RAN-oh-sore-us' })
  readonly Pronunciation!: string;

  @ApiProperty({ type: Number, example: 12, description: 'Length in meters' })
  readonly LengthInMeters!: number;

  @ApiProperty({ enum: DIETS, enumName: 'Diet', example: 'carnivorous' })
  readonly Diet!: Diet;
}

/** The OpenAPI schema of every error body. */
@ApiSchema({ name: 'Error' })
export class ErrorSchema {
  @ApiProperty({ type: Number, example: 404 })
  readonly statusCode!: number;

  @ApiProperty({ type: String, example: 'Not Found' })
  readonly error!: string;

  @ApiProperty({ type: String, example: 'No dinosaur is called "Barney"' })
  readonly message!: string;
}
