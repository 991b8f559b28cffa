export { DIETS, isDiet, isDinosaur, type Diet, type Dinosaur } from './lib/dinosaur';
export { DINOSAURS } from './lib/dinosaurs';
export {
  filterByDiet,
  findByName,
  isSortKey,
  isSortOrder,
  searchByName,
  SORT_KEYS,
  SORT_ORDERS,
  sortDinosaurs,
  type SortKey,
  type SortOrder,
} from './lib/queries';
export { isServiceInfo, type ServiceInfo } from './lib/service-info';
