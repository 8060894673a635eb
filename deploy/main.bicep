// CityDealBot: everything the bot needs in one resource group.
// Deploy: az deployment group create --resource-group <rg> --parameters deploy/main.bicepparam
// See docs/deployment.md for the full procedure.
targetScope = 'resourceGroup'

@description('Azure region for all regional resources. West Europe keeps the data in the EU.')
param location string = resourceGroup().location

@description('Short lower-case prefix for resource names (letters, digits and hyphens).')
@minLength(3)
@maxLength(14)
param namePrefix string = 'citydealbot'

@description('How the bot proves who it is: a user-assigned managed identity (no secret) or a single-tenant Entra app registration (client secret kept in Key Vault).')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botIdentityType string = 'UserAssignedMSI'

@description('SingleTenant only: application (client) id of the Entra app registration of the bot.')
param botAppId string = ''

@description('SingleTenant only: client secret of that app registration. Stored in Key Vault, never in app settings.')
@secure()
param botAppPassword string = ''

@description('Key for the signed chart, export and invitation links, at least 32 characters. Give it on the first deployment only (or to rotate it): left empty, the key already in Key Vault is kept, so links in posted cards keep working. The bot refuses to start without it.')
@secure()
param linkSigningKey string = ''

@description('Where the Azure Bot resource keeps its data: global, or the regional EU bot service.')
@allowed([
  'global'
  'westeurope'
])
param botServiceLocation string = 'global'

@description('Azure Bot pricing tier. Teams is a standard channel, so F0 has no message limit for it.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('App Service plan tier (Linux). B1 is enough for a few hundred deals; P0v3 or higher for zone redundancy and more memory.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'P0v3'
  'P1v3'
  'P2v3'
])
param appServiceSku string = 'B1'

@description('Number of App Service instances. The bot is stateless, so more instances serve more deals.')
@minValue(1)
@maxValue(10)
param appServiceInstances int = 1

@description('Path of the bot\'s readiness endpoint (storage reachable) for App Service health checks; empty turns the check off.')
param healthCheckPath string = '/health/ready'

@description('Tenant in which the bot calls Microsoft Graph (the tenant whose calendars it uses).')
param graphTenantId string = tenant().tenantId


@description('Entra object ids (GUIDs) of the Agenda Stad programme administrators: only they invite all deals to a CoP session, change the election calendar, mark the CoP and programme channels and see per-deal data across deals.')
param programmeAdministrators array = []

@description('Redundancy of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Days that logs and telemetry are kept in Log Analytics.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Tags put on every resource.')
param tags object = {
  application: 'CityDealBot'
}

var suffix = take(uniqueString(resourceGroup().id, namePrefix), 6)
var compactPrefix = toLower(replace(namePrefix, '-', ''))
var useManagedIdentity = botIdentityType == 'UserAssignedMSI'
var names = {
  identity: '${namePrefix}-id-${suffix}'
  logs: '${namePrefix}-log-${suffix}'
  insights: '${namePrefix}-appi-${suffix}'
  storage: '${take(compactPrefix, 12)}st${suffix}'
  keyVault: '${take(compactPrefix, 13)}-kv-${suffix}'
  plan: '${namePrefix}-plan-${suffix}'
  site: '${namePrefix}-${suffix}'
  bot: '${namePrefix}-bot-${suffix}'
}

// One identity for everything the app reaches: Storage and Key Vault data access, and (by default) the bot itself.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
  tags: tags
}

var botId = useManagedIdentity ? identity.properties.clientId : botAppId

// An array setting reaches .NET configuration as one app setting per entry: Programme__Administrators__0, __1, ...
var programmeAdministratorSettings = toObject(range(0, length(programmeAdministrators)), i => 'Programme__Administrators__${i}', i => string(programmeAdministrators[i]))

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    workspaceName: names.logs
    insightsName: names.insights
    retentionDays: logRetentionDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    accountName: names.storage
    sku: storageSku
    dataPrincipalId: identity.properties.principalId
    dataIdentityResourceId: identity.id
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    vaultName: names.keyVault
    readerPrincipalId: identity.properties.principalId
    readerIdentityResourceId: identity.id
    botAppPassword: useManagedIdentity ? '' : botAppPassword
    linkSigningKey: linkSigningKey
  }
}

module app 'modules/webapp.bicep' = {
  name: 'webapp'
  params: {
    location: location
    tags: tags
    planName: names.plan
    siteName: names.site
    sku: appServiceSku
    instances: appServiceInstances
    healthCheckPath: healthCheckPath
    identityId: identity.id
    appSettings: union(
      {
        Connector__MicrosoftAppId: botId
        Connector__MicrosoftAppTenantId: tenant().tenantId
        Connector__MicrosoftAppType: botIdentityType
        Storage__TableServiceUri: storage.outputs.tableServiceUri
        Storage__QueueServiceUri: storage.outputs.queueServiceUri
        Graph__TenantId: graphTenantId
        // Azure.Identity's DefaultAzureCredential picks the user-assigned identity from this variable.
        AZURE_CLIENT_ID: identity.properties.clientId
        APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
        Links__SigningKey: vault.outputs.linkSigningKeyReference
        Links__PublicBaseUrl: 'https://${names.site}.azurewebsites.net'
      },
      // Graph signs in as the bot: with the user-assigned identity (its client id picks it among the app's
      // identities), or with the app registration's secret from Key Vault.
      useManagedIdentity
        ? {
            Graph__UseManagedIdentity: 'true'
            Graph__ManagedIdentityClientId: identity.properties.clientId
          }
        : {
            Connector__MicrosoftAppPassword: vault.outputs.botCredentialReference
            Graph__ClientId: botAppId
            Graph__ClientSecret: vault.outputs.botCredentialReference
          },
      programmeAdministratorSettings
    )
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    location: botServiceLocation
    tags: tags
    botName: names.bot
    sku: botSku
    messagingEndpoint: 'https://${app.outputs.defaultHostName}/api/messages'
    appType: botIdentityType
    appId: botId
    tenantId: tenant().tenantId
    managedIdentityResourceId: useManagedIdentity ? identity.id : ''
  }
}

@description('HTTPS endpoint registered on the Azure Bot resource.')
output messagingEndpoint string = bot.outputs.messagingEndpoint

@description('Bot id for the Teams app package: node manifest/build.mjs --bot-id <botId>.')
output botId string = botId

@description('Host name for the Teams app package: node manifest/build.mjs --domain <domain>.')
output domain string = app.outputs.defaultHostName

@description('Ready-to-run command that builds the Teams app package for this deployment.')
output manifestBuildCommand string = 'node manifest/build.mjs --bot-id ${botId} --domain ${app.outputs.defaultHostName} --out citydealbot-teams.zip'

output webAppName string = app.outputs.siteName
output botResourceName string = bot.outputs.botName
output storageAccountName string = storage.outputs.accountName
output keyVaultName string = vault.outputs.vaultName
output managedIdentityClientId string = identity.properties.clientId

@description('Object id of the managed identity: grant Microsoft Graph application permissions to it when botIdentityType is UserAssignedMSI.')
output managedIdentityPrincipalId string = identity.properties.principalId
