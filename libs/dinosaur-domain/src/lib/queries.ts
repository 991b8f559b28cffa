import type { Diet, Dinosaur } from './dinosaur';

/** What dinosaurs can be sorted by: the name, or the length in meters. */
export const SORT_KEYS = ['name', 'length'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Ascending (A to Z, shortest first) or descending. */
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Narrows any value to a {@link SortKey}, for validating query strings. */
export function isSortKey(value: unknown): value is SortKey {
  return (SORT_KEYS as readonly unknown[]).includes(value);
}

/** Narrows any value to a {@link SortOrder}, for validating query strings. */
export function isSortOrder(value: unknown): value is SortOrder {
  return (SORT_ORDERS as readonly unknown[]).includes(value);
}

/** The dinosaurs that eat `diet`, in their original order. */
export function filterByDiet(dinosaurs: readonly Dinosaur[], diet: Diet): Dinosaur[] {
  return dinosaurs.filter((dinosaur) => dinosaur.Diet === diet);
}

/** The dinosaur called `name`, ignoring case, or `undefined`. */
export function findByName(dinosaurs: readonly Dinosaur[], name: string): Dinosaur | undefined {
  const wanted = name.toLowerCase();
  return dinosaurs.find((dinosaur) => dinosaur.Name.toLowerCase() === wanted);
}

/**
 * The dinosaurs whose name contains `query`, ignoring case and the spaces around it, in their
 * original order. An empty query keeps them all.
 */
export function searchByName(dinosaurs: readonly Dinosaur[], query: string): Dinosaur[] {
  const wanted = query.trim().toLowerCase();
  return dinosaurs.filter((dinosaur) => dinosaur.Name.toLowerCase().includes(wanted));
}

const compare: Record<SortKey, (a: Dinosaur, b: Dinosaur) => number> = {
  name: (a, b) => a.Name.localeCompare(b.Name, 'en'),
  length: (a, b) => a.LengthInMeters - b.LengthInMeters || a.Name.localeCompare(b.Name, 'en'),
};

/** A sorted copy; the input is left as it is. Ties on length fall back to the name. */
export function sortDinosaurs(dinosaurs: readonly Dinosaur[], key: SortKey, order: SortOrder = 'asc'): Dinosaur[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...dinosaurs].sort((a, b) => sign * compare[key](a, b));
}
