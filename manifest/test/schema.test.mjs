import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import { readTemplate } from '../lib/app-package.mjs';
import { localizationValidator, manifestValidator, shippedSchemaVersions } from '../lib/package-checks.mjs';
import { buildTestPackage } from '../lib/package-fixture.mjs';

const template = readTemplate();
const version = template.manifestVersion;

describe('manifest against the official schema', () => {
  let built;
  let validate;
  before(async () => {
    built = await buildTestPackage();
    validate = manifestValidator(version);
  });

  it('uses the newest GA schema that @microsoft/app-manifest ships', () => {
    const versions = shippedSchemaVersions();
    assert.ok(versions.length > 20, `expected the package's schema folders, found ${versions.join(', ')}`);
    assert.equal(version, versions.at(-1));
    assert.equal(template.$schema, `https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
  });

  it('validates the generated manifest without errors', () => {
    assert.deepEqual(validate(built.manifest), []);
  });

  it('validates the manifest with webApplicationInfo without errors', async () => {
    const withApp = await buildTestPackage(['--web-app-id', '0f1e2d3c-4b5a-4697-8877-665544332211']);
    assert.deepEqual(validate(withApp.manifest), []);
  });

  // The validator must be able to say no, or a passing run proves nothing.
  const broken = [
    ['lower-case groupchat scope (old docs spelling)', (m) => { m.bots[0].scopes = ['team', 'groupchat']; }],
    ['bot id that is no GUID', (m) => { m.bots[0].botId = 'citydealbot'; }],
    ['short name over 30 characters', (m) => { m.name.short = 'CityDealBot voor alle City Deals'; }],
    ['unknown root property', (m) => { m.commands = []; }],
    ['second bot', (m) => { m.bots.push(structuredClone(m.bots[0])); }],
    ['accent colour without #', (m) => { m.accentColor = '1D4F91'; }],
    ['channel tab without a configuration page', (m) => { delete m.configurableTabs[0].configurationUrl; }],
    ['personal tab in an unknown scope', (m) => { m.staticTabs[0].scopes = ['channel']; }],
    ['SSO app id that is no GUID', (m) => { m.webApplicationInfo.id = 'citydealbot'; }],
  ];
  for (const [name, breakIt] of broken) {
    it(`rejects a manifest with a ${name}`, () => {
      const manifest = structuredClone(built.manifest);
      breakIt(manifest);
      assert.notDeepEqual(validate(manifest), []);
    });
  }
});

describe('localisation files', () => {
  let built;
  let validate;
  before(async () => {
    built = await buildTestPackage();
    validate = localizationValidator(version);
  });
  const languageFiles = () => {
    const info = built.manifest.localizationInfo;
    return [
      { tag: info.defaultLanguageTag, file: info.defaultLanguageFile },
      ...info.additionalLanguages.map((l) => ({ tag: l.languageTag, file: l.file })),
    ].map(({ tag, file }) => ({ tag, strings: JSON.parse(built.files.get(file).data.toString('utf8')) }));
  };

  it('declares Dutch as the default language and English as the additional one', () => {
    const info = built.manifest.localizationInfo;
    assert.equal(info.defaultLanguageTag, 'nl');
    assert.deepEqual(info.additionalLanguages.map((l) => l.languageTag), ['en']);
  });

  it('points both files at the localisation schema of the manifest version', () => {
    for (const { tag, strings } of languageFiles()) {
      assert.equal(strings.$schema, `https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.Localization.schema.json`, tag);
    }
  });

  it('validates both files against the localisation schema', () => {
    for (const { tag, strings } of languageFiles()) assert.deepEqual(validate(strings), [], tag);
  });

  it('rejects a localisation file with a key the schema does not know', () => {
    assert.notDeepEqual(validate({ 'name.short': 'x', 'description.short': 'x', 'description.full': 'x', 'bots[0].botId': 'x' }), []);
  });

  it('translates every string in both languages, to a path that exists in the manifest', () => {
    const [dutch, english] = languageFiles();
    assert.deepEqual(Object.keys(english.strings).sort(), Object.keys(dutch.strings).sort());
    for (const key of Object.keys(dutch.strings).filter((k) => k !== '$schema')) {
      assert.equal(typeof valueAt(built.manifest, key), 'string', `${key} does not point at a string in the manifest`);
    }
  });

  it('keeps the Dutch file identical to the manifest defaults', () => {
    const [dutch] = languageFiles();
    for (const [key, value] of Object.entries(dutch.strings).filter(([k]) => k !== '$schema')) {
      assert.equal(valueAt(built.manifest, key), value, key);
    }
  });

  it('really translates the English strings', () => {
    const [dutch, english] = languageFiles();
    assert.notEqual(english.strings['description.full'], dutch.strings['description.full']);
    assert.notEqual(english.strings['bots[0].commandLists[0].commands[0].title'], dutch.strings['bots[0].commandLists[0].commands[0].title']);
  });
});

describe('bot commands', () => {
  let built;
  before(async () => {
    built = await buildTestPackage();
  });
  const commandsIn = (strings) => {
    const lists = [];
    for (const [key, value] of Object.entries(strings)) {
      const m = /^bots\[0\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(title|description)$/.exec(key);
      if (!m) continue;
      const list = (lists[Number(m[1])] ??= []);
      (list[Number(m[2])] ??= {})[m[3]] = value;
    }
    return lists;
  };
  const languages = () => ['nl.json', 'en.json'].map((f) => ({ file: f, strings: JSON.parse(built.files.get(f).data.toString('utf8')) }));

  it('offers the bot in team, group chat and personal scope, with one command list for each', () => {
    const bot = built.manifest.bots[0];
    assert.deepEqual([...bot.scopes].sort(), ['groupChat', 'personal', 'team']);
    assert.deepEqual(bot.commandLists.map((l) => l.scopes), [['team'], ['groupChat'], ['personal']]);
  });

  // The lists themselves are generated from the bot's command catalogue and checked against it by the .NET test
  // CommandManifestTests; here: both languages offer the same menu, and English is really English.
  it('offers the same number of commands in every list in both languages', () => {
    const [dutch, english] = languages().map(({ strings }) => commandsIn(strings));
    assert.equal(english.length, dutch.length);
    for (let list = 0; list < dutch.length; list++) {
      assert.ok(dutch[list].length >= 4, `list ${list} has ${dutch[list].length} commands`);
      assert.equal(english[list].length, dutch[list].length, `list ${list}`);
    }
  });

  it('translates the command titles', () => {
    const [dutch, english] = languages().map(({ strings }) => commandsIn(strings).flat().map((c) => c.title));
    assert.ok(english.filter((title, i) => title !== dutch[i]).length > english.length / 2, 'most English titles differ from the Dutch ones');
    for (const [file, titles] of [['nl.json', dutch], ['en.json', english]]) {
      assert.ok(titles.includes(file === 'nl.json' ? 'hulp' : 'help'), `${file} offers the help command`);
    }
  });

  // Teams shows at most 10 commands, titles of 32 and descriptions of 128 characters in its command menu
  // (the limits of manifest schema v1.16 and the command menu docs); newer schemas allow more, we keep to these.
  it('keeps every command list within the command menu limits', () => {
    for (const { file, strings } of languages()) {
      for (const [index, list] of commandsIn(strings).entries()) {
        assert.ok(list.length <= 10, `${file} list ${index} has ${list.length} commands`);
        const titles = list.map((c) => c.title.toLowerCase());
        assert.equal(new Set(titles).size, titles.length, `${file} list ${index} repeats a command`);
        for (const { title, description } of list) {
          assert.ok(title.length > 0 && title.length <= 32, `${file}: title '${title}' is ${title.length} characters`);
          assert.ok(description && description.length <= 128, `${file}: description of '${title}' is ${description?.length} characters`);
          assert.match(description, /[.!?]$/, `${file}: description of '${title}' should be a sentence for screen readers`);
        }
      }
    }
  });

  it('keeps names and descriptions within the manifest limits in both languages', () => {
    for (const { file, strings } of languages()) {
      assert.ok(strings['name.short'].length <= 30, file);
      assert.ok(strings['name.full'].length <= 100, file);
      assert.ok(strings['description.short'].length <= 80, file);
      assert.ok(strings['description.full'].length <= 4000, file);
      assert.ok(!strings['description.full'].startsWith(strings['description.short']), `${file}: the full description should not repeat the short one`);
    }
  });
});

function valueAt(root, path) {
  let node = root;
  for (const part of path.match(/[^.[\]]+/g)) {
    if (node === undefined || node === null) return undefined;
    node = node[/^\d+$/.test(part) ? Number(part) : part];
  }
  return node;
}
