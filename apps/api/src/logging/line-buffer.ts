import { pino, type DestinationStream } from 'pino';

/**
 * Log lines gathered over one turn of the event loop and written together, in one system call.
 * Under load one turn answers many requests, so their lines share a write; when idle a line waits
 * only for the end of the turn it was logged in. The writes are synchronous (sonic-boom's, which
 * also waits out a full pipe), and whatever is still gathered is written as the process exits,
 * however it exits, so no line is lost.
 *
 * Not pino's own buffering (sonic-boom's `minLength`): it measures the byte length of its whole
 * buffer on every line it is given, which cost more than the system calls it saved.
 */
export class LineBuffer implements DestinationStream {
  private lines: string[] = [];

  constructor(private readonly sink: DestinationStream = pino.destination({ dest: 1, sync: true })) {
    process.on('exit', this.flush);
  }

  write(line: string): void {
    if (this.lines.push(line) === 1) setImmediate(this.flush);
  }

  /** Writes every gathered line now. */
  readonly flush = (): void => {
    if (this.lines.length === 0) return;
    const chunk = this.lines.join('');
    this.lines = [];
    this.sink.write(chunk);
  };
}
