// Checks shared by the tests: the official JSON schemas from npm @microsoft/app-manifest (read offline from
// node_modules), zip reading through an independent implementation (yauzl), and the icon rules.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import yauzl from 'yauzl';
import { manifestRoot } from './app-package.mjs';

export const teamsSchemaDir = join(manifestRoot, 'node_modules', '@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams');

/** GA manifest versions whose schema the package ships, ascending ("devPreview" is not GA). */
export function shippedSchemaVersions() {
  return readdirSync(teamsSchemaDir)
    .map((name) => /^v(\d+)\.(\d+)$/.exec(name))
    .filter(Boolean)
    .map((m) => ({ text: `${m[1]}.${m[2]}`, major: Number(m[1]), minor: Number(m[2]) }))
    .sort((a, b) => a.major - b.major || a.minor - b.minor)
    .map((v) => v.text);
}

function readSchema(version, file) {
  return JSON.parse(readFileSync(join(teamsSchemaDir, `v${version}`, file), 'utf8'));
}

// Same Ajv set-up as the package's own validateManifestAgainstSchema (draft-04, allErrors, strictTypes off).
// unicodeRegExp is off because the localisation schema's patterns are ECMA-262 regexes without the u flag.
function compile(schema) {
  const ajv = new Ajv04({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  return (document) => {
    if (validate(document)) return [];
    return validate.errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  };
}

export function manifestValidator(version) {
  return compile(readSchema(version, 'MicrosoftTeams.schema.json'));
}

export function localizationValidator(version) {
  return compile(readSchema(version, 'MicrosoftTeams.Localization.schema.json'));
}

/** Every entry of a zip file as name -> bytes. */
export function readZip(path) {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (openError, zip) => {
      if (openError) return reject(openError);
      const files = new Map();
      zip.on('error', reject);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            files.set(entry.fileName, { data: Buffer.concat(chunks), crc32: entry.crc32 });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/**
 * Teams outline icon rules (MS docs "app icons": 32x32, white on a transparent background):
 * every pixel that shows is pure white (any opacity), the outer ring is fully transparent, and the
 * glyph is neither empty nor a filled square.
 * @param {{ width: number, height: number, data: Buffer }} png decoded RGBA
 */
export function outlineIconProblems(png) {
  const problems = [];
  if (png.width !== 32 || png.height !== 32) problems.push(`outline icon is ${png.width}x${png.height}, must be 32x32`);
  let visible = 0;
  let transparent = 0;
  let nonWhite = 0;
  let edgeVisible = 0;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const [r, g, b, a] = png.data.subarray(i, i + 4);
      if (a === 0) {
        transparent++;
        continue;
      }
      visible++;
      if (r !== 255 || g !== 255 || b !== 255) nonWhite++;
      if (x === 0 || y === 0 || x === png.width - 1 || y === png.height - 1) edgeVisible++;
    }
  }
  const total = png.width * png.height;
  if (nonWhite > 0) problems.push(`${nonWhite} visible pixels are not white`);
  if (edgeVisible > 0) problems.push(`${edgeVisible} pixels on the border are not transparent`);
  if (transparent < total / 2) problems.push(`only ${transparent} of ${total} pixels are transparent: the background must be transparent`);
  if (visible < total / 20) problems.push(`only ${visible} visible pixels: the glyph is missing`);
  return problems;
}

/** Color icon: 192x192, fully opaque (Teams shows it on any background), and really in colour. */
export function colorIconProblems(png) {
  const problems = [];
  if (png.width !== 192 || png.height !== 192) problems.push(`color icon is ${png.width}x${png.height}, must be 192x192`);
  const colours = new Set();
  let seeThrough = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i + 3] !== 255) seeThrough++;
    colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
  }
  if (seeThrough > 0) problems.push(`${seeThrough} pixels are not opaque`);
  const chromatic = [...colours].some((c) => {
    const r = c >> 16, g = (c >> 8) & 0xff, b = c & 0xff;
    return Math.max(r, g, b) - Math.min(r, g, b) > 64;
  });
  if (!chromatic) problems.push('the icon has no saturated colour');
  return problems;
}
