import { isDiet, isDinosaur } from './dinosaur';
import { DINOSAURS } from './dinosaurs';
import { filterByDiet, findByName, isSortKey, isSortOrder, searchByName, sortDinosaurs } from './queries';

const names = (dinosaurs: readonly { Name: string }[]) => dinosaurs.map((dinosaur) => dinosaur.Name);

describe('isDiet', () => {
  it.each(['carnivorous', 'herbivorous'])('accepts %s', (value) => {
    expect(isDiet(value)).toBe(true);
  });

  it.each(['omnivorous', 'Carnivorous', '', undefined, 3, ['carnivorous']])('rejects %p', (value) => {
    expect(isDiet(value)).toBe(false);
  });
});

describe('isDinosaur', () => {
  it.each(DINOSAURS.map((dinosaur) => [dinosaur.Name, dinosaur]))('accepts the %s as it is served', (_, dinosaur) => {
    expect(isDinosaur(JSON.parse(JSON.stringify(dinosaur)))).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'Coelophysis'],
    ['no name', { ...DINOSAURS[0], Name: undefined }],
    ['an empty name', { ...DINOSAURS[0], Name: '' }],
    ['a numeric pronunciation', { ...DINOSAURS[0], Pronunciation: 7 }],
    ['a length in a string', { ...DINOSAURS[0], LengthInMeters: '2' }],
    ['a zero length', { ...DINOSAURS[0], LengthInMeters: 0 }],
    ['an infinite length', { ...DINOSAURS[0], LengthInMeters: Infinity }],
    ['an unknown diet', { ...DINOSAURS[0], Diet: 'omnivorous' }],
  ])('rejects %s', (_, value) => {
    expect(isDinosaur(value)).toBe(false);
  });
});

describe('filterByDiet', () => {
  it('keeps the carnivores in their original order', () => {
    expect(names(filterByDiet(DINOSAURS, 'carnivorous'))).toEqual(['Coelophysis', 'Tyrannosaurus']);
  });

  it('keeps the herbivores in their original order', () => {
    expect(names(filterByDiet(DINOSAURS, 'herbivorous'))).toEqual(['Triceratops', 'Diplodocus', 'Panoplosaurus']);
  });
});

describe('findByName', () => {
  it.each(['Tyrannosaurus', 'tyrannosaurus', 'TYRANNOSAURUS', 'tYrAnNoSaUrUs'])(
    'finds the Tyrannosaurus as %s',
    (name) => {
      expect(findByName(DINOSAURS, name)).toBe(DINOSAURS[2]);
    },
  );

  it.each(['Barney', 'Tyranno', '', 'Tyrannosaurus '])('finds nothing for %p', (name) => {
    expect(findByName(DINOSAURS, name)).toBeUndefined();
  });
});

describe('searchByName', () => {
  it('finds every dinosaur whose name contains the query, ignoring case and surrounding spaces', () => {
    expect(names(searchByName(DINOSAURS, '  SAURUS '))).toEqual(['Tyrannosaurus', 'Panoplosaurus']);
    expect(names(searchByName(DINOSAURS, 'tri'))).toEqual(['Triceratops']);
  });

  it('keeps them all, in their original order, for an empty query', () => {
    expect(searchByName(DINOSAURS, ' ')).toEqual(DINOSAURS);
  });

  it('finds nothing for a name that is not there', () => {
    expect(searchByName(DINOSAURS, 'barney')).toEqual([]);
  });
});

describe('isSortKey and isSortOrder', () => {
  it('accept the keys and orders sortDinosaurs takes', () => {
    expect(['name', 'length'].map(isSortKey)).toEqual([true, true]);
    expect(['asc', 'desc'].map(isSortOrder)).toEqual([true, true]);
  });

  it.each(['weight', 'Name', '', undefined, 1])('reject %p', (value) => {
    expect(isSortKey(value)).toBe(false);
    expect(isSortOrder(value)).toBe(false);
  });
});

describe('sortDinosaurs', () => {
  it('sorts by name, A to Z and Z to A', () => {
    const az = ['Coelophysis', 'Diplodocus', 'Panoplosaurus', 'Triceratops', 'Tyrannosaurus'];
    expect(names(sortDinosaurs(DINOSAURS, 'name'))).toEqual(az);
    expect(names(sortDinosaurs(DINOSAURS, 'name', 'desc'))).toEqual([...az].reverse());
  });

  it('sorts by length, shortest or longest first', () => {
    expect(sortDinosaurs(DINOSAURS, 'length').map((dinosaur) => dinosaur.LengthInMeters)).toEqual([2, 7, 9, 12, 26]);
    expect(sortDinosaurs(DINOSAURS, 'length', 'desc').map((dinosaur) => dinosaur.LengthInMeters)).toEqual([
      26, 12, 9, 7, 2,
    ]);
  });

  it('breaks ties in length by name', () => {
    const twins = [
      { ...DINOSAURS[1], Name: 'Zeta' },
      { ...DINOSAURS[1], Name: 'Alpha' },
    ];
    expect(names(sortDinosaurs(twins, 'length'))).toEqual(['Alpha', 'Zeta']);
  });

  it('leaves its input in the original order', () => {
    const input = [...DINOSAURS];
    sortDinosaurs(input, 'name');
    expect(input).toEqual(DINOSAURS);
  });
});
