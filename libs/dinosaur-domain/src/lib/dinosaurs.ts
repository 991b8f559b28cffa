import type { Dinosaur } from './dinosaur';

/** The five dinosaurs of the original service, in their original order. */
export const DINOSAURS: readonly Dinosaur[] = Object.freeze(
  (
    [
      { Name: 'Coelophysis', Pronunciation: 'seel-OH-fie-sis', LengthInMeters: 2, Diet: 'carnivorous' },
      { Name: 'Triceratops', Pronunciation: 'tri-SERRA-tops', LengthInMeters: 9, Diet: 'herbivorous' },
      { Name: 'Tyrannosaurus', Pronunciation: 'tie-RAN-oh-sore-us', LengthInMeters: 12, Diet: 'carnivorous' },
      { Name: 'Diplodocus', Pronunciation: 'DIP-low DOCK-us', LengthInMeters: 26, Diet: 'herbivorous' },
      { Name: 'Panoplosaurus', Pronunciation: 'pan-op-loh-sore-us', LengthInMeters: 7, Diet: 'herbivorous' },
    ] satisfies Dinosaur[]
  ).map((dinosaur) => Object.freeze(dinosaur)),
);
