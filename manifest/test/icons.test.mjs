import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { manifestRoot } from '../lib/app-package.mjs';
import { colorIconProblems, outlineIconProblems } from '../lib/package-checks.mjs';

const icon = (name) => PNG.sync.read(readFileSync(join(manifestRoot, 'icons', name)));

function solid(width, height, rgba, draw = () => rgba) {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) png.data.set(draw(x, y), (y * width + x) * 4);
  }
  return png;
}

describe('outline icon', () => {
  it('is 32x32, white on a transparent background', () => {
    assert.deepEqual(outlineIconProblems(icon('outline.png')), []);
  });

  it('is a PNG with an alpha channel', () => {
    const header = readFileSync(join(manifestRoot, 'icons', 'outline.png'));
    assert.equal(header.subarray(1, 4).toString('ascii'), 'PNG');
    assert.equal(header[25], 6, 'colour type must be 6 (RGBA)');
  });

  const glyph = (x, y) => (x > 8 && x < 24 && y > 8 && y < 24 ? [255, 255, 255, 255] : [0, 0, 0, 0]);
  it('accepts a synthetic white glyph (control)', () => {
    assert.deepEqual(outlineIconProblems(solid(32, 32, null, glyph)), []);
  });
  it('rejects a coloured pixel', () => {
    const png = solid(32, 32, null, (x, y) => (x === 16 && y === 16 ? [255, 0, 0, 255] : glyph(x, y)));
    assert.match(outlineIconProblems(png).join(), /not white/);
  });
  it('rejects a faint grey pixel', () => {
    const png = solid(32, 32, null, (x, y) => (x === 12 && y === 12 ? [254, 254, 254, 40] : glyph(x, y)));
    assert.match(outlineIconProblems(png).join(), /not white/);
  });
  it('rejects an opaque background', () => {
    assert.match(outlineIconProblems(solid(32, 32, [255, 255, 255, 255])).join(), /transparent/);
  });
  it('rejects a wrong size', () => {
    assert.match(outlineIconProblems(solid(48, 48, null, glyph)).join(), /must be 32x32/);
  });
  it('rejects an empty icon', () => {
    assert.match(outlineIconProblems(solid(32, 32, [0, 0, 0, 0])).join(), /glyph is missing/);
  });
});

describe('color icon', () => {
  it('is 192x192, opaque and in colour', () => {
    assert.deepEqual(colorIconProblems(icon('color.png')), []);
  });
  it('rejects a grey icon', () => {
    assert.match(colorIconProblems(solid(192, 192, [128, 128, 128, 255])).join(), /no saturated colour/);
  });
  it('rejects a wrong size', () => {
    assert.match(colorIconProblems(solid(96, 96, [29, 79, 145, 255])).join(), /must be 192x192/);
  });
  it('rejects see-through pixels', () => {
    assert.match(colorIconProblems(solid(192, 192, [29, 79, 145, 100])).join(), /not opaque/);
  });
});

describe('icon sources', () => {
  for (const name of ['color.svg', 'outline.svg']) {
    it(`${name} carries an accessible title and description`, () => {
      const svg = readFileSync(join(manifestRoot, 'icons', name), 'utf8');
      assert.match(svg, /role="img"/);
      assert.match(svg, /<title[^>]*>[^<]+<\/title>/);
      assert.match(svg, /<desc[^>]*>[^<]{20,}<\/desc>/);
    });
  }
});
