import { CONTRACT_JSON } from '../testing';
import { DINOSAURS } from './dinosaurs';

describe('DINOSAURS', () => {
  it('serializes to exactly the JSON that consumers of GET /dinosaurs depend on', () => {
    expect(JSON.stringify(DINOSAURS)).toBe(CONTRACT_JSON);
  });

  it('cannot be changed at run time, neither the list nor a dinosaur', () => {
    expect(() => (DINOSAURS as unknown as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (DINOSAURS[0] as { LengthInMeters: number }).LengthInMeters = 3;
    }).toThrow(TypeError);
    expect(DINOSAURS[0].LengthInMeters).toBe(2);
  });
});
