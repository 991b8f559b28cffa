import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, INFO, json } from '../../../testing/fake-api';
import { ServedBy } from './ServedBy';

const api = fakeApi();

describe('ServedBy', () => {
  it('tells the API version, its commit and the replica that answered', async () => {
    render(<ServedBy />);

    expect(await screen.findByText(/answered by/)).toHaveTextContent(
      'API 1.0.0 (commit 3f2a9c1), answered by api-7c9d8f6b5-x2kqp',
    );
  });

  it('asks again on request, so answers from other replicas show', async () => {
    const user = userEvent.setup();
    render(<ServedBy />);
    await screen.findByText(INFO.hostname);
    api.on('/api/info', () => json({ ...INFO, hostname: 'api-7c9d8f6b5-9wq4z' }));

    await user.click(screen.getByRole('button', { name: 'Ask again' }));

    expect(await screen.findByText('api-7c9d8f6b5-9wq4z')).toBeInTheDocument();
    expect(api.requests).toEqual(['/api/info', '/api/info']);
  });

  it('shows the answer to the latest question, dropping one that was still on its way', async () => {
    let answerFirst!: (response: Response) => void;
    let firstSignal: AbortSignal | undefined;
    api.on('/api/info', (signal) => {
      firstSignal = signal;
      return new Promise((resolve) => (answerFirst = resolve));
    });
    const user = userEvent.setup();
    render(<ServedBy />);
    api.on('/api/info', () => json({ ...INFO, hostname: 'api-7c9d8f6b5-9wq4z' }));

    await user.click(screen.getByRole('button', { name: 'Ask again' }));
    expect(await screen.findByText('api-7c9d8f6b5-9wq4z')).toBeInTheDocument();
    answerFirst(json(INFO));

    expect(firstSignal?.aborted).toBe(true);
    expect(await screen.findByText('api-7c9d8f6b5-9wq4z')).toBeInTheDocument();
    expect(screen.queryByText(INFO.hostname)).not.toBeInTheDocument();
  });

  it('says the replica is unknown when /info fails, and can ask again', async () => {
    api.on('/api/info', () => json({ statusCode: 502, error: 'Bad Gateway', message: 'unreachable' }, 502));
    const user = userEvent.setup();
    render(<ServedBy />);

    expect(await screen.findByText('The API did not say which version or replica answered.')).toBeInTheDocument();
    api.on('/api/info', () => json(INFO));
    await user.click(screen.getByRole('button', { name: 'Ask again' }));

    expect(await screen.findByText(INFO.hostname)).toBeInTheDocument();
  });
});
