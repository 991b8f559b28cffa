import {
  type Diet,
  type Dinosaur,
  filterByDiet,
  isDiet,
  isSortKey,
  isSortOrder,
  searchByName,
  type SortKey,
  type SortOrder,
  sortDinosaurs,
} from '@dinosaurs/dinosaur-domain';

/** What the person chose to see. It lives in the URL query, so a view can be shared and reloaded. */
export interface View {
  readonly diet: Diet | 'all';
  readonly q: string;
  readonly sort: SortKey;
  readonly order: SortOrder;
}

export const DEFAULT_VIEW: View = { diet: 'all', q: '', sort: 'name', order: 'asc' };

/** Reads a view from a query string; a missing or unknown value falls back to the default. */
export function parseView(search: string): View {
  const params = new URLSearchParams(search);
  const diet = params.get('diet');
  const sort = params.get('sort');
  const order = params.get('order');
  return {
    diet: isDiet(diet) ? diet : DEFAULT_VIEW.diet,
    q: params.get('q') ?? DEFAULT_VIEW.q,
    sort: isSortKey(sort) ? sort : DEFAULT_VIEW.sort,
    order: isSortOrder(order) ? order : DEFAULT_VIEW.order,
  };
}

/** The query string of a view, `''` for the default one; defaults are left out to keep links short. */
export function formatView(view: View): string {
  const params = new URLSearchParams();
  for (const key of ['diet', 'q', 'sort', 'order'] as const) {
    if (view[key] !== DEFAULT_VIEW[key]) params.set(key, view[key]);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The dinosaurs a view shows, in the order it shows them. */
export function applyView(dinosaurs: readonly Dinosaur[], view: View): Dinosaur[] {
  const ofDiet = view.diet === 'all' ? dinosaurs : filterByDiet(dinosaurs, view.diet);
  return sortDinosaurs(searchByName(ofDiet, view.q), view.sort, view.order);
}
