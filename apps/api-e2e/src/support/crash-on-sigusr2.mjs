// Preloaded into the API by a test (NODE_OPTIONS=--import=…): on SIGUSR2 something throws that
// nothing catches, as a bug would, so that the test can watch how the process dies.
process.on('SIGUSR2', () =>
  setImmediate(() => {
    throw new Error('a bug nothing caught');
  }),
);
