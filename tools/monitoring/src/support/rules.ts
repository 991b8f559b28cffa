import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { OUTPUTS, type RuleGroup, workspace } from '../slo-rules.mjs';

/** A rules object as committed: the GKE Rules or the PrometheusRule. */
export interface RulesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: { groups: RuleGroup[] };
}

export const read = (file: string) => readFileSync(join(workspace, file), 'utf8');
export const shipped = (kind: keyof typeof OUTPUTS) => parse(read(OUTPUTS[kind])) as RulesObject;
/** The groups as deployed, from the Rules object of the gke overlay. */
export const shippedGroups = () => shipped('Rules').spec.groups;

/** A temporary folder, removed after the enclosing block's tests. */
export function scratch(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** The groups as a plain Prometheus rule file, the form promtool and Prometheus read. */
export function writeRuleFile(folder: string, groups: RuleGroup[] = shippedGroups()): string {
  const file = join(folder, 'rules.yaml');
  writeFileSync(file, stringify({ groups }, { lineWidth: 0 }));
  return file;
}

/** Runs a tool and resolves to its exit code and output, whatever the code. */
export async function run(command: string, args: string[], cwd = workspace) {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd, encoding: 'utf8' });
    return { status: 0, output: stdout + stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { status: code, output: stdout + stderr };
  }
}
