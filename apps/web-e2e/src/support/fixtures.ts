import { test as base, expect } from '@playwright/test';
import { type Stack, startStack } from './stack';

/**
 * `test` with the stack running: one per worker, and `baseURL` (so `page` and `request`) pointing
 * at its nginx. Each test starts with the API up, even if the one before stopped it and failed.
 */
export const test = base.extend<{ apiUp: void }, { stack: Stack }>({
  stack: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
    async ({}, use) => {
      const stack = await startStack();
      try {
        await use(stack);
      } finally {
        await stack.stop();
      }
    },
    { scope: 'worker', timeout: 30_000 },
  ],
  baseURL: async ({ stack }, use) => use(stack.url),
  apiUp: [
    async ({ stack }, use) => {
      if (!stack.api.running) await stack.api.start();
      await use();
    },
    { auto: true },
  ],
});

export { expect };
