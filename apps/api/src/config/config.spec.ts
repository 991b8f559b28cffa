import { ConfigError, parseConfig } from './config';

const LOG_LEVELS = 'fatal, error, warn, info, debug, trace, silent';
const TRUST =
  'TRUST_PROXY must be a comma-separated list of IP addresses, CIDR ranges or loopback, linklocal, uniquelocal';
const CORS =
  'CORS_ORIGINS must be a comma-separated list of http(s) origins such as https://dinosaurs.example, without a path';

describe('parseConfig', () => {
  it('defaults every setting', () => {
    expect(parseConfig({})).toEqual({
      port: 8084,
      host: '0.0.0.0',
      logLevel: 'info',
      shutdownDrainMs: 5000,
      shutdownTimeoutMs: 10_000,
      commitSha: 'unknown',
      corsOrigins: [],
      rateLimitMax: 0,
      rateLimitWindowMs: 60_000,
      trustProxy: [],
      requestTimeoutMs: 10_000,
      keepAliveTimeoutMs: 72_000,
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
      CORS_ORIGINS: 'https://dinosaurs.example, http://localhost:4200',
      RATE_LIMIT_MAX: '100',
      RATE_LIMIT_WINDOW_MS: '1000',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1, uniquelocal, fd00::/8',
      REQUEST_TIMEOUT_MS: '5000',
      KEEP_ALIVE_TIMEOUT_MS: '620000',
    };

    expect(parseConfig(env)).toEqual({
      port: 9000,
      host: '127.0.0.1',
      logLevel: 'debug',
      shutdownDrainMs: 250,
      shutdownTimeoutMs: 0,
      commitSha: 'abc1234',
      corsOrigins: ['https://dinosaurs.example', 'http://localhost:4200'],
      rateLimitMax: 100,
      rateLimitWindowMs: 1000,
      trustProxy: ['10.0.0.0/8', '127.0.0.1', 'uniquelocal', 'fd00::/8'],
      requestTimeoutMs: 5000,
      keepAliveTimeoutMs: 620_000,
    });
  });

  it('takes one CORS origin, and trims the spaces around commas', () => {
    expect(parseConfig({ CORS_ORIGINS: 'https://a.example' }).corsOrigins).toEqual(['https://a.example']);
    expect(parseConfig({ CORS_ORIGINS: ' https://a.example ,https://b.example:8443' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example:8443',
    ]);
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
    ['CORS_ORIGINS', 'https://dinosaurs.example/api', `${CORS} (got "https://dinosaurs.example/api")`],
    ['CORS_ORIGINS', 'https://dinosaurs.example/', `${CORS} (got "https://dinosaurs.example/")`],
    ['CORS_ORIGINS', 'ftp://dinosaurs.example', `${CORS} (got "ftp://dinosaurs.example")`],
    ['CORS_ORIGINS', 'dinosaurs.example', `${CORS} (got "dinosaurs.example")`],
    ['CORS_ORIGINS', '*', `${CORS} (got "*")`],
    ['CORS_ORIGINS', 'https://Dinosaurs.example', `${CORS} (got "https://Dinosaurs.example")`],
    ['CORS_ORIGINS', 'https://dinosaurs.example:443', `${CORS} (got "https://dinosaurs.example:443")`],
    ['CORS_ORIGINS', 'https://a.example,', `${CORS} (got "https://a.example,")`],
    ['CORS_ORIGINS', 'https://a.example;https://b.example', `${CORS} (got "https://a.example;https://b.example")`],
    ['RATE_LIMIT_MAX', '-5', 'RATE_LIMIT_MAX must be an integer of requests from 0 (no limit) to 1000000 (got "-5")'],
    [
      'RATE_LIMIT_MAX',
      'lots',
      'RATE_LIMIT_MAX must be an integer of requests from 0 (no limit) to 1000000 (got "lots")',
    ],
    [
      'RATE_LIMIT_WINDOW_MS',
      '999',
      'RATE_LIMIT_WINDOW_MS must be an integer of milliseconds from 1000 to 3600000 (got "999")',
    ],
    ['TRUST_PROXY', 'true', `${TRUST} (got "true")`],
    ['TRUST_PROXY', '1', `${TRUST} (got "1")`],
    ['TRUST_PROXY', '10.0.0.0/33', `${TRUST} (got "10.0.0.0/33")`],
    ['TRUST_PROXY', '10.0.0/8', `${TRUST} (got "10.0.0/8")`],
    ['TRUST_PROXY', 'nginx', `${TRUST} (got "nginx")`],
    ['TRUST_PROXY', '10.0.0.1/8/8', `${TRUST} (got "10.0.0.1/8/8")`],
    [
      'REQUEST_TIMEOUT_MS',
      '500',
      'REQUEST_TIMEOUT_MS must be an integer of milliseconds from 1000 to 600000 (got "500")',
    ],
    [
      'KEEP_ALIVE_TIMEOUT_MS',
      '1h',
      'KEEP_ALIVE_TIMEOUT_MS must be an integer of milliseconds from 1000 to 3600000 (got "1h")',
    ],
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
