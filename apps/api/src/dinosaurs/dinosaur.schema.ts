import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { DIETS, type Diet, type Dinosaur } from '@dinosaurs/dinosaur-domain';

/** The OpenAPI schema of a {@link Dinosaur}; `implements` keeps it in step with the domain type. */
@ApiSchema({ name: 'Dinosaur' })
export class DinosaurSchema implements Dinosaur {
  @ApiProperty({ type: String, example: 'Tyrannosaurus' })
  readonly Name!: string;

  @ApiProperty({ type: String, example: 'tie-RAN-oh-sore-us' })
  readonly Pronunciation!: string;

  @ApiProperty({ type: 'integer', example: 12, description: 'Length in meters' })
  readonly LengthInMeters!: number;

  @ApiProperty({ enum: DIETS, enumName: 'Diet', example: 'carnivorous' })
  readonly Diet!: Diet;
}
