// Ends each Jest run with one plain line, `<project>: N passed, N failed`, that CI reads
// whatever the colours and layout of the default reporter.
export default class SummaryReporter {
  constructor(globalConfig) {
    this.name = globalConfig.rootDir.split('/').at(-1);
  }

  onRunComplete(_contexts, results) {
    process.stdout.write(`${this.name}: ${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
  }
}
