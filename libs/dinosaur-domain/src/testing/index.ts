/**
 * The body of `GET /dinosaurs` byte for byte, as consumers of the original Go service receive it.
 * Written out by hand, not derived from the data, so that a change to the data fails the tests.
 * Tests only: production code imports `@dinosaurs/dinosaur-domain`, never this entry.
 */
export const CONTRACT_JSON =
  '[{"Name":"Coelophysis","Pronunciation":"seel-OH-fie-sis","LengthInMeters":2,"Diet":"carnivorous"},' +
  '{"Name":"Triceratops","Pronunciation":"tri-SERRA-tops","LengthInMeters":9,"Diet":"herbivorous"},' +
  '{"Name":"Tyrannosaurus","Pronunciation":"tie-RAN-oh-sore-us","LengthInMeters":12,"Diet":"carnivorous"},' +
  '{"Name":"Diplodocus","Pronunciation":"DIP-low DOCK-us","LengthInMeters":26,"Diet":"herbivorous"},' +
  '{"Name":"Panoplosaurus","Pronunciation":"pan-op-loh-sore-us","LengthInMeters":7,"Diet":"herbivorous"}]';
