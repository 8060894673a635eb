// Turns the manifest template, the localisation files and the icons into a Teams app package.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createZip } from './zip.mjs';

export const manifestRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const appDir = join(manifestRoot, 'app');
const iconDir = join(manifestRoot, 'icons');

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
// A bare DNS host name (what validDomains and the developer URLs need): no scheme, port, path or wildcard.
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const SEMVER = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

/** Files that go into the zip besides manifest.json, by their name in the package. */
export const packageFiles = {
  'color.png': join(iconDir, 'color.png'),
  'outline.png': join(iconDir, 'outline.png'),
  'nl.json': join(appDir, 'nl.json'),
  'en.json': join(appDir, 'en.json'),
};

export function readTemplate() {
  return JSON.parse(readFileSync(join(appDir, 'manifest.template.json'), 'utf8'));
}

/**
 * Checks and completes the build parameters.
 * @param {{ botId?: string, domain?: string, appId?: string, version?: string, developerName?: string,
 *           websiteUrl?: string, privacyUrl?: string, termsOfUseUrl?: string, webAppId?: string }} options
 */
export function resolveParameters(options) {
  const problems = [];
  const botId = (options.botId ?? '').trim().toLowerCase();
  const domain = (options.domain ?? '').trim().toLowerCase();
  if (!GUID.test(botId)) problems.push(`--bot-id must be a GUID (the bot's Entra app or managed identity client id), got '${options.botId ?? ''}'`);
  if (!HOST.test(domain)) problems.push(`--domain must be a bare host name such as citydealbot.azurewebsites.net, got '${options.domain ?? ''}'`);
  const appId = (options.appId ?? botId).trim().toLowerCase();
  if (options.appId !== undefined && !GUID.test(appId)) problems.push(`--app-id must be a GUID, got '${options.appId}'`);
  // The Entra app whose API the dashboard tab asks a single sign-on token for: by default the bot's own registration.
  const webAppId = (options.webAppId ?? botId).trim().toLowerCase();
  if (webAppId !== undefined && !GUID.test(webAppId)) problems.push(`--web-app-id must be a GUID, got '${options.webAppId}'`);
  const version = options.version ?? '1.0.0';
  if (!SEMVER.test(version)) problems.push(`--version must be major.minor.patch, got '${version}'`);
  const developerName = options.developerName ?? 'CityDealBot';
  if (developerName.length === 0 || developerName.length > 32) problems.push('--developer-name must be 1 to 32 characters');
  const urls = {
    websiteUrl: options.websiteUrl ?? `https://${domain}/`,
    privacyUrl: options.privacyUrl ?? `https://${domain}/privacy`,
    termsOfUseUrl: options.termsOfUseUrl ?? `https://${domain}/terms`,
  };
  for (const [name, url] of Object.entries(urls)) {
    if (!/^https:\/\/[^\s/]+/.test(url)) problems.push(`${name} must be an https URL, got '${url}'`);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return { botId, domain, appId, version, developerName, webAppId, ...urls };
}

function fill(value, parameters) {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (_, key) => {
      if (!(key in parameters) || parameters[key] === undefined) throw new Error(`template placeholder {{${key}}} has no value`);
      return parameters[key];
    });
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, parameters));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, parameters)]));
  }
  return value;
}

/** The manifest for one deployment: template placeholders filled, optional parts added. */
export function buildManifest(options, template = readTemplate()) {
  const parameters = resolveParameters(options);
  return fill(template, parameters);
}

/** The zip bytes: manifest.json, icons and localisation files at the archive root. */
export function buildPackage(options) {
  const manifest = buildManifest(options);
  const entries = [{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8') }];
  for (const [name, path] of Object.entries(packageFiles)) entries.push({ name, data: readFileSync(path) });
  return { manifest, zip: createZip(entries) };
}
