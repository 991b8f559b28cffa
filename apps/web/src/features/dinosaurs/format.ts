const meters = new Intl.NumberFormat('en', { style: 'unit', unit: 'meter', maximumFractionDigits: 1 });

/** `12` → `12 m`, `1.75` → `1.8 m`. */
export const formatMeters = (value: number): string => meters.format(value);

/** `carnivorous` → `Carnivorous`. */
export const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
