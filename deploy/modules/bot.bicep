// Azure Bot resource (single-tenant app or user-assigned managed identity) with the Teams channel.
// Multi-tenant bots can no longer be created (Bot Service, since 31 July 2025).
param location string
param tags object
param botName string
param sku string
param messagingEndpoint string

@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param appType string
param appId string
param tenantId string

@description('Resource id of the user-assigned identity when appType is UserAssignedMSI; empty otherwise.')
param managedIdentityResourceId string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: location
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: 'CityDealBot'
    description: 'City Deal pulse checks, speeddates, CoP sessions and election reminders in Microsoft Teams.'
    endpoint: messagingEndpoint
    msaAppId: appId
    msaAppType: appType
    msaAppTenantId: tenantId
    msaAppMSIResourceId: empty(managedIdentityResourceId) ? null : managedIdentityResourceId
    publicNetworkAccess: 'Enabled'
    isStreamingSupported: false
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: location
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
      deploymentEnvironment: 'CommercialDeployment'
      acceptedTerms: true
    }
  }
}

output botName string = bot.name
output messagingEndpoint string = bot.properties.endpoint
