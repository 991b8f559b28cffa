/** Fails the start with one line on stderr, never a stack trace. */
export function fail(message: string): never {
  process.stderr.write(`dinosaur API: ${message}\n`);
  process.exit(1);
}
