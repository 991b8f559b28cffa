import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run, scratch, writeRuleFile } from './support/rules';

const here = join(import.meta.dirname, 'rule-tests');
const testFiles = readdirSync(here).filter((file) => file.endsWith('.test.yaml'));

// Each file's header says what it covers; its input series and expectations are worked out by hand.
describe('promtool test rules', () => {
  const folder = scratch('rule-tests-');
  writeRuleFile(folder);
  for (const file of testFiles) copyFileSync(join(here, file), join(folder, file));

  it('has unit tests for every alert, low traffic and the recorded ratios', () => {
    expect(testFiles.sort()).toEqual([
      'availability-page-6h.test.yaml',
      'availability-page.test.yaml',
      'availability-ticket.test.yaml',
      'budget.test.yaml',
      'latency.test.yaml',
      'low-traffic.test.yaml',
      'service-down.test.yaml',
    ]);
  });

  it.concurrent.each(testFiles)('passes %s', async (file) => {
    const { status, output } = await run('promtool', ['test', 'rules', file], folder);
    expect({ status, output: output.trim() }).toEqual({ status: 0, output: `Unit Testing:  ${file}\n  SUCCESS` });
  });
});
