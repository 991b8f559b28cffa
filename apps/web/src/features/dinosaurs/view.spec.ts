import { DEFAULT_VIEW, formatView, parseView, type View } from './view';

describe('the view in the URL', () => {
  it('leaves the default view out of the URL', () => {
    expect(formatView(DEFAULT_VIEW)).toBe('');
    expect(parseView('')).toEqual(DEFAULT_VIEW);
  });

  it('writes only what differs from the default, and reads it back', () => {
    const view: View = { diet: 'herbivorous', q: 'tri ops', sort: 'length', order: 'desc' };

    expect(formatView(view)).toBe('?diet=herbivorous&q=tri+ops&sort=length&order=desc');
    expect(parseView(formatView(view))).toEqual(view);
    expect(formatView({ ...DEFAULT_VIEW, order: 'desc' })).toBe('?order=desc');
  });

  it('reads a search with the characters a URL has to escape', () => {
    expect(parseView('?q=%26%3D%3F%20%E2%80%9Crex%E2%80%9D').q).toBe('&=? “rex”');
  });

  it.each([
    ['an unknown diet', '?diet=omnivorous', { diet: 'all' }],
    ['a diet in capitals', '?diet=Carnivorous', { diet: 'all' }],
    ['an unknown sort', '?sort=weight', { sort: 'name' }],
    ['an unknown order', '?order=up', { order: 'asc' }],
  ])('falls back to the default for %s', (_, search, expected) => {
    expect(parseView(search)).toEqual({ ...DEFAULT_VIEW, ...expected });
  });
});
