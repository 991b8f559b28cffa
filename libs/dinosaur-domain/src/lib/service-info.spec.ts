import { isServiceInfo } from './service-info';

describe('isServiceInfo', () => {
  it('accepts what GET /info answers', () => {
    expect(isServiceInfo({ version: '1.0.0', commit: '3f2a9c1', hostname: 'api-7c9d8f6b5-x2kqp' })).toBe(true);
  });

  it.each([
    ['null', null],
    ['an array', ['1.0.0']],
    ['no hostname', { version: '1.0.0', commit: '3f2a9c1' }],
    ['a numeric version', { version: 1, commit: '3f2a9c1', hostname: 'api' }],
  ])('rejects %s', (_, value) => {
    expect(isServiceInfo(value)).toBe(false);
  });
});
