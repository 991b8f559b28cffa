// Ends each Jest run with one plain line, `<name>: N passed, N failed`, that CI reads whatever the
// colours and layout of the default reporter. The name is the config's displayName (the project's
// name), else its folder.
export default class SummaryReporter {
  constructor(globalConfig) {
    this.folder = globalConfig.rootDir.split('/').at(-1);
  }

  onRunComplete(contexts, results) {
    const [context] = contexts;
    const name = context?.config.displayName?.name ?? this.folder;
    process.stdout.write(`${name}: ${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
  }
}
