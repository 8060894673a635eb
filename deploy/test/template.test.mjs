// Checks on the compiled ARM template that lint cannot make: the settings the bot reads, the identity
// model, keyless storage, RBAC roles and the EU default. Reads main.json and main.parameters.json from
// CITYDEALBOT_ARM_DIR (scripts/test-ship compiles them); otherwise compiles them with the restored Bicep CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const deployDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function compiledTemplates() {
  let dir = process.env.CITYDEALBOT_ARM_DIR;
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'citydealbot-arm-'));
    const project = join(deployDir, 'tools', 'BicepCli.csproj');
    execFileSync('dotnet', ['restore', project, '--verbosity', 'quiet']);
    const bicep = execFileSync('dotnet', ['msbuild', project, '-getProperty:BicepCliPath'], { encoding: 'utf8' }).trim();
    execFileSync(bicep, ['build', join(deployDir, 'main.bicep'), '--outfile', join(dir, 'main.json')]);
    execFileSync(bicep, ['build-params', join(deployDir, 'main.bicepparam'), '--outfile', join(dir, 'main.parameters.json')]);
  }
  return {
    template: JSON.parse(readFileSync(join(dir, 'main.json'), 'utf8')),
    parameters: JSON.parse(readFileSync(join(dir, 'main.parameters.json'), 'utf8')).parameters,
  };
}

/** Every resource, including those inside module (nested deployment) templates. */
function allResources(template) {
  return template.resources.flatMap((r) =>
    r.type === 'Microsoft.Resources/deployments' ? [r, ...allResources(r.properties.template)] : [r]);
}

describe('compiled Azure template', () => {
  let template;
  let parameters;
  let resources;
  const ofType = (type) => resources.filter((r) => r.type === type);
  const moduleNamed = (name) => template.resources.find((r) => r.type === 'Microsoft.Resources/deployments' && r.name === name);

  before(() => {
    ({ template, parameters } = compiledTemplates());
    resources = allResources(template);
  });

  it('creates every resource type the bot needs', () => {
    const types = new Set(resources.map((r) => r.type));
    for (const type of [
      'Microsoft.ManagedIdentity/userAssignedIdentities',
      'Microsoft.Web/serverfarms',
      'Microsoft.Web/sites',
      'Microsoft.BotService/botServices',
      'Microsoft.BotService/botServices/channels',
      'Microsoft.Storage/storageAccounts',
      'Microsoft.Storage/storageAccounts/tableServices',
      'Microsoft.Storage/storageAccounts/queueServices',
      'Microsoft.OperationalInsights/workspaces',
      'Microsoft.Insights/components',
      'Microsoft.KeyVault/vaults',
      'Microsoft.Authorization/roleAssignments',
    ]) assert.ok(types.has(type), `missing ${type}`);
  });

  it('runs the web app on Linux with .NET 10, HTTPS only and without FTP', () => {
    const [site] = ofType('Microsoft.Web/sites');
    assert.equal(site.properties.siteConfig.linuxFxVersion, 'DOTNETCORE|10.0');
    assert.equal(site.properties.httpsOnly, true);
    assert.equal(site.properties.siteConfig.ftpsState, 'Disabled');
    const [plan] = ofType('Microsoft.Web/serverfarms');
    assert.equal(plan.properties.reserved, true, 'a Linux plan needs reserved: true');
  });

  it('hands the web app every setting the bot reads', () => {
    const settings = JSON.stringify(moduleNamed('webapp').properties.parameters.appSettings);
    for (const name of [
      'Connector__MicrosoftAppId',
      'Connector__MicrosoftAppTenantId',
      'Connector__MicrosoftAppType',
      'Connector__MicrosoftAppPassword',
      'Storage__TableServiceUri',
      'Storage__QueueServiceUri',
      'Graph__TenantId',
      'Graph__ClientId',
      'AZURE_CLIENT_ID',
      'APPLICATIONINSIGHTS_CONNECTION_STRING',
    ]) assert.ok(settings.includes(`'${name}'`), `app setting ${name} is missing`);
    assert.doesNotMatch(settings, /ConnectionString'|AccountKey|listKeys/, 'storage must be reached with the managed identity, not keys');
  });

  it('turns Graph on with the user-assigned identity, or with the app registration\'s secret from Key Vault', () => {
    const settings = JSON.stringify(moduleNamed('webapp').properties.parameters.appSettings);
    for (const name of ['Graph__TenantId', 'Graph__UseManagedIdentity', 'Graph__ManagedIdentityClientId', 'Graph__ClientId', 'Graph__ClientSecret']) {
      assert.ok(settings.includes(`'${name}'`), `app setting ${name} is missing`);
    }
    assert.match(settings, /'Graph__ManagedIdentityClientId', reference\(resourceId\('Microsoft\.ManagedIdentity\/userAssignedIdentities'/);
    assert.match(settings, /'Graph__ClientSecret', reference\(resourceId\('Microsoft\.Resources\/deployments', 'keyvault'\)[^)]*\)\.outputs\.botCredentialReference/);
  });

  it('generates no link-signing key per deployment and keeps the one in Key Vault', () => {
    const key = template.parameters.linkSigningKey;
    assert.equal(key.type, 'securestring');
    assert.equal(key.defaultValue, '', 'a default such as newGuid() would replace the key, and break every posted link, on each deployment');
    assert.doesNotMatch(JSON.stringify(template), /newGuid\(\)/);
    const vault = moduleNamed('keyvault').properties.template;
    const secret = vault.resources.find((r) => r.type === 'Microsoft.KeyVault/vaults/secrets' && /linkSigningKeyName/.test(r.name));
    assert.ok(secret, 'the link-signing key secret');
    assert.equal(secret.condition, "[not(empty(parameters('linkSigningKey')))]", 'written only when a key is given');
    assert.match(parameters.linkSigningKey.value ?? '', /^$|.{32,}/);
  });

  it('passes the app password only as a Key Vault reference', () => {
    const vault = moduleNamed('keyvault').properties.template;
    assert.match(vault.outputs.botCredentialReference.value, /^\[format\('@Microsoft\.KeyVault\(VaultName=\{0\};SecretName=\{1\}\)'/);
    assert.equal(vault.parameters.botAppPassword.type, 'securestring');
    assert.equal(template.parameters.botAppPassword.type, 'securestring');
  });

  it('registers the bot as single-tenant or managed identity, never multi-tenant', () => {
    assert.deepEqual([...template.parameters.botIdentityType.allowedValues].sort(), ['SingleTenant', 'UserAssignedMSI']);
    const [bot] = ofType('Microsoft.BotService/botServices');
    assert.equal(bot.kind, 'azurebot');
    assert.match(bot.properties.msaAppType, /parameters\('appType'\)/);
  });

  it('enables the Microsoft Teams channel', () => {
    const [channel] = ofType('Microsoft.BotService/botServices/channels');
    assert.equal(channel.properties.channelName, 'MsTeamsChannel');
    assert.equal(channel.properties.properties.isEnabled, true);
  });

  it('points the bot at /api/messages on the web app over HTTPS', () => {
    const endpoint = moduleNamed('bot').properties.parameters.messagingEndpoint.value;
    assert.match(endpoint, /^\[format\('https:\/\/\{0\}\/api\/messages'/);
  });

  it('turns storage keys off and grants the identity table and queue data roles', () => {
    const [account] = ofType('Microsoft.Storage/storageAccounts');
    assert.equal(account.properties.allowSharedKeyAccess, false);
    assert.equal(account.properties.allowBlobPublicAccess, false);
    assert.equal(account.properties.minimumTlsVersion, 'TLS1_2');
    const storage = moduleNamed('storage').properties.template;
    const roleIds = Object.values(storage.variables);
    assert.ok(roleIds.includes('0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'), 'Storage Table Data Contributor');
    assert.ok(roleIds.includes('974c5e8b-45b9-4653-ba55-5f855dd0fb88'), 'Storage Queue Data Contributor');
    const assignments = storage.resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments');
    assert.equal(assignments.length, 2);
    for (const a of assignments) assert.equal(a.properties.principalType, 'ServicePrincipal');
  });

  it('uses Key Vault in RBAC mode with only Secrets User for the app', () => {
    const [vault] = ofType('Microsoft.KeyVault/vaults');
    assert.equal(vault.properties.enableRbacAuthorization, true);
    assert.equal(vault.properties.accessPolicies, undefined);
    const keyVault = moduleNamed('keyvault').properties.template;
    assert.ok(Object.values(keyVault.variables).includes('4633458b-17de-408a-b874-0445c86b69e6'), 'Key Vault Secrets User');
  });

  it('sends telemetry to a workspace-based Application Insights', () => {
    const [insights] = ofType('Microsoft.Insights/components');
    assert.match(insights.properties.WorkspaceResourceId, /Microsoft\.OperationalInsights\/workspaces/);
  });

  it('outputs what the manifest build needs', () => {
    for (const name of ['messagingEndpoint', 'botId', 'domain', 'manifestBuildCommand']) {
      assert.ok(template.outputs[name], `output ${name} is missing`);
    }
    assert.match(template.outputs.manifestBuildCommand.value, /node manifest\/build\.mjs --bot-id \{0\} --domain \{1\}/);
  });

  it('deploys to West Europe with the parameters file', () => {
    assert.equal(parameters.location.value, 'westeurope');
    assert.ok(['global', 'westeurope'].includes(parameters.botServiceLocation.value));
  });
});
