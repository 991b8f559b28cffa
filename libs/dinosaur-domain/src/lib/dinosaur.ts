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

/**
 * Narrows a value received over the wire to a {@link Dinosaur}: an object with the four fields,
 * a non-empty name, a positive finite length and a known diet. Extra fields are tolerated.
 */
export function isDinosaur(value: unknown): value is Dinosaur {
  if (typeof value !== 'object' || value === null) return false;
  const { Name, Pronunciation, LengthInMeters, Diet } = value as Record<string, unknown>;
  return (
    typeof Name === 'string' &&
    Name !== '' &&
    typeof Pronunciation === 'string' &&
    typeof LengthInMeters === 'number' &&
    Number.isFinite(LengthInMeters) &&
    LengthInMeters > 0 &&
    isDiet(Diet)
  );
}
