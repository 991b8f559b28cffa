export { DIETS, isDiet, type Diet, type Dinosaur } from './lib/dinosaur';
export { DINOSAURS } from './lib/dinosaurs';
export { filterByDiet, findByName, sortDinosaurs, type SortKey, type SortOrder } from './lib/queries';
