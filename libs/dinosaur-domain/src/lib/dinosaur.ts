/** The diets a dinosaur can have, in the order the API documents them. */
export const DIETS = ['carnivorous', 'herbivorous'] as const;

/** What a dinosaur eats. */
export type Diet = (typeof DIETS)[number];

/**
 * One dinosaur as consumers of `GET /dinosaurs` receive it. The PascalCase
 * field names and their order are part of the public JSON contract.
 */
export interface Dinosaur {
  readonly Name: string;
  readonly Pronunciation: string;
  readonly LengthInMeters: number;
  readonly Diet: Diet;
}

/** Narrows any value to a {@link Diet}, for validating query strings. */
export function isDiet(value: unknown): value is Diet {
  return (DIETS as readonly unknown[]).includes(value);
}
