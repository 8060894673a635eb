import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it, before } from 'node:test';
import { crc32 } from '../lib/zip.mjs';
import { packageFiles } from '../lib/app-package.mjs';
import { buildTestPackage, runBuild, testBotId, testDomain } from '../lib/package-fixture.mjs';

describe('app package build', () => {
  let built;
  before(async () => {
    built = await buildTestPackage();
  });

  it('puts exactly the manifest, both icons and both language files at the zip root', () => {
    assert.deepEqual([...built.files.keys()].sort(), ['color.png', 'en.json', 'manifest.json', 'nl.json', 'outline.png']);
  });

  it('stores the committed icon and language files unchanged', () => {
    for (const [name, source] of Object.entries(packageFiles)) {
      assert.ok(built.files.get(name).data.equals(readFileSync(source)), `${name} differs from ${source}`);
    }
  });

  it('writes CRC-32 values that match the stored bytes', () => {
    for (const [name, entry] of built.files) assert.equal(crc32(entry.data), entry.crc32, name);
  });

  it('fills the bot id, app id and domain from the parameters', () => {
    assert.equal(built.manifest.bots[0].botId, testBotId);
    assert.equal(built.manifest.id, testBotId);
    assert.deepEqual(built.manifest.validDomains, [testDomain]);
    assert.equal(built.manifest.developer.privacyUrl, `https://${testDomain}/privacy`);
    assert.doesNotMatch(JSON.stringify(built.manifest), /\{\{\w+\}\}/, 'a template placeholder was left unfilled');
  });

  it('refers only to files that are in the package', () => {
    const { icons, localizationInfo } = built.manifest;
    const referenced = [icons.color, icons.outline, localizationInfo.defaultLanguageFile, ...localizationInfo.additionalLanguages.map((l) => l.file)];
    for (const file of referenced) assert.ok(built.files.has(file), `${file} is referenced but not packaged`);
  });

  it('gives the same bytes for the same parameters', async () => {
    const again = await buildTestPackage();
    assert.ok(readFileSync(again.out).equals(readFileSync(built.out)));
  });

  it('uses a separate app id and version when given', async () => {
    const other = await buildTestPackage(['--app-id', 'AABBCCDD-1122-4344-8566-778899AABBCC', '--version', '2.3.4']);
    assert.equal(other.manifest.id, 'aabbccdd-1122-4344-8566-778899aabbcc');
    assert.equal(other.manifest.bots[0].botId, testBotId);
    assert.equal(other.manifest.version, '2.3.4');
  });

  it('declares single sign-on for the dashboard tabs with the bot\'s app, or the Entra app given', async () => {
    assert.deepEqual(built.manifest.webApplicationInfo, { id: testBotId, resource: `api://${testDomain}/${testBotId}` });
    const withApp = await buildTestPackage(['--web-app-id', '0f1e2d3c-4b5a-4697-8877-665544332211']);
    assert.deepEqual(withApp.manifest.webApplicationInfo, {
      id: '0f1e2d3c-4b5a-4697-8877-665544332211',
      resource: `api://${testDomain}/0f1e2d3c-4b5a-4697-8877-665544332211`,
    });
  });

  it('declares the programme dashboard as a personal tab and the deal dashboard as a channel tab, both on the bot\'s domain', () => {
    const [personal] = built.manifest.staticTabs;
    assert.equal(built.manifest.staticTabs.length, 1);
    assert.deepEqual(personal.scopes, ['personal']);
    assert.equal(personal.contentUrl, `https://${testDomain}/dashboard/teams?view=programme`);
    assert.equal(personal.websiteUrl, `https://${testDomain}/dashboard/programme`);
    const [channel] = built.manifest.configurableTabs;
    assert.equal(built.manifest.configurableTabs.length, 1);
    assert.deepEqual(channel.scopes, ['team']);
    assert.deepEqual(channel.context, ['channelTab']);
    assert.equal(channel.configurationUrl, `https://${testDomain}/dashboard/teams/configure`);
    for (const url of [personal.contentUrl, personal.websiteUrl, channel.configurationUrl]) {
      assert.ok(built.manifest.validDomains.includes(new URL(url).host), `${url} is outside validDomains`);
    }
  });
});

describe('app package build parameters', () => {
  const cases = [
    { name: 'missing bot id', args: ['--domain', testDomain], message: /--bot-id must be a GUID/ },
    { name: 'bot id that is no GUID', args: ['--bot-id', 'citydealbot', '--domain', testDomain], message: /--bot-id must be a GUID/ },
    { name: 'domain with a scheme', args: ['--bot-id', testBotId, '--domain', `https://${testDomain}`], message: /--domain must be a bare host name/ },
    { name: 'domain with a path', args: ['--bot-id', testBotId, '--domain', `${testDomain}/api/messages`], message: /--domain must be a bare host name/ },
    { name: 'domain with a port', args: ['--bot-id', testBotId, '--domain', `${testDomain}:443`], message: /--domain must be a bare host name/ },
    { name: 'version that is no semver', args: ['--bot-id', testBotId, '--domain', testDomain, '--version', '1.0'], message: /--version/ },
    { name: 'privacy URL over http', args: ['--bot-id', testBotId, '--domain', testDomain, '--privacy-url', 'http://example.org/privacy'], message: /privacyUrl must be an https URL/ },
    { name: 'developer name over 32 characters', args: ['--bot-id', testBotId, '--domain', testDomain, '--developer-name', 'Gemeente Voorbeeldstad Afdeling Informatievoorziening'], message: /--developer-name/ },
  ];
  for (const { name, args, message } of cases) {
    it(`refuses a ${name}`, () => {
      const run = runBuild(args);
      assert.equal(run.status, 2, run.stdout + run.stderr);
      assert.match(run.stderr, message);
    });
  }
});
