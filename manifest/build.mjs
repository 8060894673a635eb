#!/usr/bin/env node
// Builds the Teams app package for one deployment:
//   node manifest/build.mjs --bot-id GUID --domain host [--out file.zip] [--version x.y.z]
//     [--app-id GUID] [--developer-name text] [--website-url url] [--privacy-url url] [--terms-url url]
//     [--web-app-id GUID]
// Needs no npm packages: the zip is written with node's zlib.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPackage, manifestRoot } from './lib/app-package.mjs';

const { values } = parseArgs({
  options: {
    'bot-id': { type: 'string' },
    domain: { type: 'string' },
    out: { type: 'string' },
    version: { type: 'string' },
    'app-id': { type: 'string' },
    'developer-name': { type: 'string' },
    'website-url': { type: 'string' },
    'privacy-url': { type: 'string' },
    'terms-url': { type: 'string' },
    'web-app-id': { type: 'string' },
  },
  strict: true,
});

try {
  const { manifest, zip } = buildPackage({
    botId: values['bot-id'],
    domain: values.domain,
    version: values.version,
    appId: values['app-id'],
    developerName: values['developer-name'],
    websiteUrl: values['website-url'],
    privacyUrl: values['privacy-url'],
    termsOfUseUrl: values['terms-url'],
    webAppId: values['web-app-id'],
  });
  const out = resolve(values.out ?? join(manifestRoot, 'dist', 'citydealbot.zip'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  console.log(`wrote ${out} (${zip.length} bytes): app ${manifest.id} version ${manifest.version}, bot ${manifest.bots[0].botId}, domain ${manifest.validDomains[0]}`);
} catch (error) {
  console.error(`build failed: ${error.message}`);
  process.exit(2);
}
