import type { Dinosaur } from '@dinosaurs/dinosaur-domain';
import { CONTRACT_JSON } from '@dinosaurs/dinosaur-domain/testing';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, json } from '../../../testing/fake-api';
import { DinosaurBrowser } from './DinosaurBrowser';

const served: Dinosaur[] = JSON.parse(CONTRACT_JSON);
const api = fakeApi();

async function renderLoaded() {
  const user = userEvent.setup();
  render(<DinosaurBrowser />);
  const list = await screen.findByRole('list', { name: 'Dinosaurs' });
  return { user, list };
}

/** The names on the cards, top to bottom. */
const cardNames = () =>
  within(screen.getByRole('list', { name: 'Dinosaurs' }))
    .getAllByRole('heading')
    .map((heading) => heading.textContent);

describe('DinosaurBrowser', () => {
  it('shows every dinosaur the API serves, with its pronunciation, diet and length', async () => {
    const { list } = await renderLoaded();

    const cards = within(list).getAllByRole('listitem');
    expect(cards).toHaveLength(5);
    for (const dinosaur of served) {
      const card = cards.find((item) => within(item).queryByRole('heading', { name: dinosaur.Name }));
      expect(card).toBeDefined();
      expect(card).toHaveTextContent(`Pronounced ${dinosaur.Pronunciation}`);
      expect(card).toHaveTextContent(new RegExp(`Diet${dinosaur.Diet}`, 'i'));
      expect(card).toHaveTextContent(`Length${dinosaur.LengthInMeters} m`);
    }
    expect(screen.getByRole('status')).toHaveTextContent('Showing 5 of 5 dinosaurs');
    expect(api.requests).toEqual(['/api/dinosaurs']);
  });

  it('shows a loading state until the dinosaurs arrive', async () => {
    let answer!: (response: Response) => void;
    api.on('/api/dinosaurs', () => new Promise((resolve) => (answer = resolve)));
    render(<DinosaurBrowser />);

    expect(screen.getByRole('status')).toHaveTextContent('Loading the dinosaurs…');
    answer(json(CONTRACT_JSON));

    expect(await screen.findByRole('list', { name: 'Dinosaurs' })).toBeInTheDocument();
    expect(screen.queryByText('Loading the dinosaurs…')).not.toBeInTheDocument();
  });

  it('stops loading when it goes away before the dinosaurs arrive', async () => {
    let signal: AbortSignal | undefined;
    api.on('/api/dinosaurs', (requestSignal) => {
      signal = requestSignal;
      return new Promise(() => undefined);
    });
    const { unmount } = render(<DinosaurBrowser />);

    unmount();

    expect(signal?.aborted).toBe(true);
  });

  it('says so when the API serves no dinosaur at all', async () => {
    api.on('/api/dinosaurs', () => json([]));
    render(<DinosaurBrowser />);

    expect(await screen.findByText('The API has no dinosaurs to show.')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Showing 0 of 0 dinosaurs');
    expect(screen.queryByRole('button', { name: 'Show all dinosaurs' })).not.toBeInTheDocument();
  });

  it('sorts by name, A to Z, at first', async () => {
    await renderLoaded();

    expect(cardNames()).toEqual(['Coelophysis', 'Diplodocus', 'Panoplosaurus', 'Triceratops', 'Tyrannosaurus']);
    expect(screen.getByRole('combobox', { name: 'Sort by' })).toHaveDisplayValue('Name, A to Z');
    expect(screen.getByRole('radio', { name: 'All' })).toBeChecked();
  });

  it('filters by diet and keeps the choice in the URL', async () => {
    const { user } = await renderLoaded();

    await user.click(screen.getByRole('radio', { name: 'Herbivorous' }));

    expect(cardNames()).toEqual(['Diplodocus', 'Panoplosaurus', 'Triceratops']);
    expect(screen.getByRole('status')).toHaveTextContent('Showing 3 of 5 dinosaurs');
    expect(window.location.search).toBe('?diet=herbivorous');
  });

  it('searches by name, ignoring case, and keeps the search in the URL', async () => {
    const { user } = await renderLoaded();

    await user.type(screen.getByRole('searchbox', { name: 'Search by name' }), 'SAURUS');

    expect(cardNames()).toEqual(['Panoplosaurus', 'Tyrannosaurus']);
    expect(window.location.search).toBe('?q=SAURUS');
  });

  it('sorts by length, longest first, and keeps the order in the URL', async () => {
    const { user } = await renderLoaded();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'Length, longest first');

    expect(cardNames()).toEqual(['Diplodocus', 'Tyrannosaurus', 'Triceratops', 'Panoplosaurus', 'Coelophysis']);
    expect(window.location.search).toBe('?sort=length&order=desc');
  });

  it('opens on the view its URL describes', async () => {
    window.history.replaceState(null, '', '/?diet=carnivorous&q=o&sort=length&order=desc');
    await renderLoaded();

    expect(cardNames()).toEqual(['Tyrannosaurus', 'Coelophysis']);
    expect(screen.getByRole('radio', { name: 'Carnivorous' })).toBeChecked();
    expect(screen.getByRole('searchbox', { name: 'Search by name' })).toHaveValue('o');
    expect(screen.getByRole('combobox', { name: 'Sort by' })).toHaveDisplayValue('Length, longest first');
  });

  it('falls back to the default view for values it does not know', async () => {
    window.history.replaceState(null, '', '/?diet=omnivorous&sort=weight&order=sideways');
    await renderLoaded();

    expect(cardNames()).toEqual(['Coelophysis', 'Diplodocus', 'Panoplosaurus', 'Triceratops', 'Tyrannosaurus']);
    expect(screen.getByRole('radio', { name: 'All' })).toBeChecked();
  });

  it('goes back to the previous view with the browser’s Back', async () => {
    const { user } = await renderLoaded();
    await user.click(screen.getByRole('radio', { name: 'Carnivorous' }));
    expect(cardNames()).toEqual(['Coelophysis', 'Tyrannosaurus']);

    window.history.back();

    await waitFor(() => expect(cardNames()).toHaveLength(5));
    expect(screen.getByRole('radio', { name: 'All' })).toBeChecked();
  });

  it('says when nothing matches, and shows every dinosaur again on request', async () => {
    const { user } = await renderLoaded();
    await user.click(screen.getByRole('radio', { name: 'Carnivorous' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search by name' }), 'tops');

    expect(screen.getByText('No dinosaur matches this search and diet.')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Showing 0 of 5 dinosaurs');
    await user.click(screen.getByRole('button', { name: 'Show all dinosaurs' }));

    expect(cardNames()).toHaveLength(5);
    expect(screen.getByRole('searchbox', { name: 'Search by name' })).toHaveValue('');
    expect(window.location.search).toBe('');
    expect(screen.getByRole('status')).toHaveFocus();
  });

  it('draws a person and a school bus among the dinosaurs for scale, longest first', async () => {
    const { user } = await renderLoaded();
    const lengths = () =>
      within(screen.getByRole('list', { name: 'Lengths, longest first' }))
        .getAllByRole('listitem')
        .map((row) => row.textContent);

    expect(lengths()).toEqual([
      'Diplodocus, 26 m',
      'School bus, 12 m',
      'Tyrannosaurus, 12 m',
      'Triceratops, 9 m',
      'Panoplosaurus, 7 m',
      'Coelophysis, 2 m',
      'Person, 1.8 m',
    ]);
    await user.click(screen.getByRole('radio', { name: 'Carnivorous' }));
    expect(lengths()).toEqual(['School bus, 12 m', 'Tyrannosaurus, 12 m', 'Coelophysis, 2 m', 'Person, 1.8 m']);
  });

  describe('when the API fails', () => {
    it('shows the API’s error with a Retry that recovers once the API is back', async () => {
      const unreachable = { statusCode: 502, error: 'Bad Gateway', message: 'The dinosaur API is unreachable' };
      api.on('/api/dinosaurs', () => json(unreachable, 502, 'Bad Gateway'));
      const user = userEvent.setup();
      render(<DinosaurBrowser />);

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(
        'The dinosaurs could not be loaded. The dinosaur API answered 502 Bad Gateway: The dinosaur API is unreachable.',
      );
      api.on('/api/dinosaurs', () => json(CONTRACT_JSON));
      await user.click(screen.getByRole('button', { name: 'Retry' }));

      expect(await screen.findByRole('list', { name: 'Dinosaurs' })).toBeInTheDocument();
      expect(cardNames()).toHaveLength(5);
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
      expect(screen.getByRole('status')).toHaveFocus();
      expect(screen.getByRole('status')).toHaveTextContent('Showing 5 of 5 dinosaurs');
      expect(api.requests).toEqual(['/api/dinosaurs', '/api/dinosaurs']);
    });

    it.each([
      [
        'cannot be reached',
        () => Promise.reject(new TypeError('fetch failed')),
        'The dinosaur API cannot be reached. Check your connection, then try again.',
      ],
      [
        'answers HTML',
        () => new Response('<h1>Oops</h1>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
        'The dinosaur API answered with something other than JSON.',
      ],
      [
        'answers data of another shape',
        () => json([{ Name: 'Barney', Diet: 'omnivorous' }]),
        'The dinosaur API answered with data this viewer does not understand.',
      ],
      [
        'answers an error without a body',
        () => new Response('', { status: 504, statusText: 'Gateway Timeout' }),
        'The dinosaur API answered 504 Gateway Timeout.',
      ],
    ])('says so when it %s', async (_, handler, message) => {
      api.on('/api/dinosaurs', handler);
      render(<DinosaurBrowser />);

      expect(await screen.findByRole('alert')).toHaveTextContent(`The dinosaurs could not be loaded. ${message}`);
      expect(screen.getByRole('button', { name: 'Retry' })).toBeEnabled();
    });
  });
});
