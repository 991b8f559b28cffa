import { parse } from 'yaml';
import { read, run } from './support/rules';

const CONFIG = 'k8s/api/monitoring/alertmanager.yaml';

describe('the example Alertmanager configuration', () => {
  it('passes amtool check-config', async () => {
    const { status, output } = await run('amtool', ['check-config', CONFIG]);
    expect([status, output]).toEqual([0, expect.stringContaining(`Checking '${CONFIG}'  SUCCESS`)]);
  });

  it.each([
    ['severity=page', 'on-call'],
    ['severity=ticket', 'team-tickets'],
    ['alertname=SomethingElse', 'unrouted'],
  ])('routes an alert with %s to %s', async (labels, receiver) => {
    const { status, output } = await run('amtool', ['config', 'routes', 'test', `--config.file=${CONFIG}`, labels]);
    expect([status, output.split('\n').filter((line) => !line.startsWith('Warning:'))[0]]).toEqual([0, receiver]);
  });

  it('holds back the tickets of an alert while its page fires', () => {
    const config = parse(read(CONFIG)) as { inhibit_rules: unknown[] };
    expect(config.inhibit_rules).toEqual([
      {
        source_matchers: ['severity="page"'],
        target_matchers: ['severity="ticket"'],
        equal: ['alertname', 'namespace'],
      },
    ]);
  });
});
