import { DINOSAURS } from './dinosaurs';

describe('DINOSAURS', () => {
  it('serializes to exactly the JSON that consumers of GET /dinosaurs depend on', () => {
    expect(JSON.stringify(DINOSAURS)).toBe(
      '[{"Name":"Coelophysis","Pronunciation":"seel-OH-fie-sis","LengthInMeters":2,"Diet":"carnivorous"},' +
        '{"Name":"Triceratops","Pronunciation":"tri-SERRA-tops","LengthInMeters":9,"Diet":"herbivorous"},' +
        '{"Name":"Tyrannosaurus","Pronunciation":"tie-RAN-oh-sore-us","LengthInMeters":12,"Diet":"carnivorous"},' +
        '{"Name":"Diplodocus","Pronunciation":"DIP-low DOCK-us","LengthInMeters":26,"Diet":"herbivorous"},' +
        '{"Name":"Panoplosaurus","Pronunciation":"pan-op-loh-sore-us","LengthInMeters":7,"Diet":"herbivorous"}]',
    );
  });

  it('cannot be changed at run time, neither the list nor a dinosaur', () => {
    expect(() => (DINOSAURS as unknown as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (DINOSAURS[0] as { LengthInMeters: number }).LengthInMeters = 3;
    }).toThrow(TypeError);
    expect(DINOSAURS[0].LengthInMeters).toBe(2);
  });
});
