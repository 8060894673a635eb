// Builds a package through the real CLI into a temporary folder, as a deployment would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestRoot } from './app-package.mjs';
import { readZip } from './package-checks.mjs';

export const testBotId = '3f2a9c1e-7b4d-4e8a-9c21-5d6e7f809a1b';
export const testDomain = 'citydealbot-test.azurewebsites.net';

export function runBuild(args) {
  const result = spawnSync(process.execPath, [join(manifestRoot, 'build.mjs'), ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export async function buildTestPackage(extraArgs = []) {
  const out = join(mkdtempSync(join(tmpdir(), 'citydealbot-manifest-')), 'app.zip');
  const run = runBuild(['--bot-id', testBotId, '--domain', testDomain, '--out', out, ...extraArgs]);
  if (run.status !== 0) throw new Error(`build failed (${run.status}): ${run.stderr}`);
  const files = await readZip(out);
  const manifest = JSON.parse(files.get('manifest.json').data.toString('utf8'));
  return { out, files, manifest };
}
