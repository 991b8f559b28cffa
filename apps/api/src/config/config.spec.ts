import { ConfigError, parseConfig } from './config';

const LOG_LEVELS = 'fatal, error, warn, info, debug, trace, silent';

describe('parseConfig', () => {
  it('defaults every setting', () => {
    expect(parseConfig({})).toEqual({
      port: 8084,
      host: '0.0.0.0',
      logLevel: 'info',
      shutdownDrainMs: 5000,
      shutdownTimeoutMs: 10_000,
      commitSha: 'unknown',
    });
  });

  it('takes every setting from the environment', () => {
    const env = {
      PORT: '9000',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      SHUTDOWN_DRAIN_MS: '250',
      SHUTDOWN_TIMEOUT_MS: '0',
      COMMIT_SHA: 'abc1234',
    };

    expect(parseConfig(env)).toEqual({
      port: 9000,
      host: '127.0.0.1',
      logLevel: 'debug',
      shutdownDrainMs: 250,
      shutdownTimeoutMs: 0,
      commitSha: 'abc1234',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ PORT: '', LOG_LEVEL: '' })).toMatchObject({ port: 8084, logLevel: 'info' });
  });

  it.each([
    ['PORT', 'abc', 'PORT must be an integer from 1 to 65535 (got "abc")'],
    ['PORT', '0', 'PORT must be an integer from 1 to 65535 (got "0")'],
    ['PORT', '65536', 'PORT must be an integer from 1 to 65535 (got "65536")'],
    ['PORT', '80.5', 'PORT must be an integer from 1 to 65535 (got "80.5")'],
    ['PORT', '0x50', 'PORT must be an integer from 1 to 65535 (got "0x50")'],
    ['PORT', '1e3', 'PORT must be an integer from 1 to 65535 (got "1e3")'],
    ['PORT', ' 8084', 'PORT must be an integer from 1 to 65535 (got " 8084")'],
    ['LOG_LEVEL', 'loud', `LOG_LEVEL must be one of ${LOG_LEVELS} (got "loud")`],
    ['SHUTDOWN_DRAIN_MS', '-1', 'SHUTDOWN_DRAIN_MS must be an integer of milliseconds from 0 to 600000 (got "-1")'],
    ['SHUTDOWN_TIMEOUT_MS', '5s', 'SHUTDOWN_TIMEOUT_MS must be an integer of milliseconds from 0 to 600000 (got "5s")'],
  ])('rejects %s=%p, naming the variable and what it allows', (name, value, message) => {
    expect(() => parseConfig({ [name]: value })).toThrow(new ConfigError(message));
  });

  it('names every bad variable on one line', () => {
    expect(() => parseConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(
      new ConfigError(
        `PORT must be an integer from 1 to 65535 (got "x"); LOG_LEVEL must be one of ${LOG_LEVELS} (got "y")`,
      ),
    );
  });
});
