import { setImmediate as nextTurn } from 'node:timers/promises';
import { LineBuffer } from './line-buffer';

function recordingSink() {
  const writes: string[] = [];
  return { writes, sink: { write: (chunk: string) => writes.push(chunk) } };
}

describe('LineBuffer', () => {
  it('writes the lines of one event-loop turn together, at the end of that turn', async () => {
    const { writes, sink } = recordingSink();
    const buffer = new LineBuffer(sink);

    buffer.write('{"n":1}\n');
    buffer.write('{"n":2}\n');
    const beforeTheTurnEnds = [...writes];
    await nextTurn();

    expect(beforeTheTurnEnds).toEqual([]);
    expect(writes).toEqual(['{"n":1}\n{"n":2}\n']);
  });

  it('starts a new write for the lines of the next turn', async () => {
    const { writes, sink } = recordingSink();
    const buffer = new LineBuffer(sink);

    buffer.write('{"n":1}\n');
    await nextTurn();
    buffer.write('{"n":2}\n');
    await nextTurn();

    expect(writes).toEqual(['{"n":1}\n', '{"n":2}\n']);
  });

  it('writes what it holds at once when flushed, and nothing twice', async () => {
    const { writes, sink } = recordingSink();
    const buffer = new LineBuffer(sink);

    buffer.write('{"n":1}\n');
    buffer.flush();
    const flushed = [...writes];
    await nextTurn();
    buffer.flush();

    expect(flushed).toEqual(['{"n":1}\n']);
    expect(writes).toEqual(['{"n":1}\n']);
  });
});
