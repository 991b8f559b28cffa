// Ends each Playwright run with one plain line, `<project>: N passed, N failed`, as the Jest projects
// do (jest-summary.mjs beside it), so that CI reads every test project the same way.
import { basename, dirname } from 'node:path';

export default class SummaryReporter {
  onBegin(config, suite) {
    this.name = basename(dirname(config.configFile));
    this.suite = suite;
  }

  onEnd() {
    // Each test once, by its final outcome: one that passed on a retry ('flaky') did pass.
    const outcomes = this.suite?.allTests().map((test) => test.outcome()) ?? [];
    const count = (...wanted) => outcomes.filter((outcome) => wanted.includes(outcome)).length;
    process.stdout.write(`${this.name}: ${count('expected', 'flaky')} passed, ${count('unexpected')} failed\n`);
  }
}
