// Key Vault (RBAC mode) for the bot's secrets: the key that signs chart, export and invitation links, and the
// client secret of a single-tenant app registration (none with a managed identity).
param location string
param tags object
param vaultName string
param readerPrincipalId string

@description('Resource id of the same identity: keeps the role assignment name known before deployment.')
param readerIdentityResourceId string

@secure()
param botAppPassword string

@description('Empty keeps the key already in the vault; a value (first deployment, or a rotation) replaces it.')
@secure()
param linkSigningKey string

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var botAppPasswordName = 'bot-app-password'
var linkSigningKeyName = 'link-signing-key'

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerIdentityResourceId, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

resource botSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(botAppPassword)) {
  parent: vault
  name: botAppPasswordName
  properties: {
    value: botAppPassword
    contentType: 'Entra client secret of the CityDealBot app registration'
  }
}

// Written only when a key is given: a redeployment without one leaves the secret, and so every link, as it is.
resource linkKey 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(linkSigningKey)) {
  parent: vault
  name: linkSigningKeyName
  properties: {
    value: linkSigningKey
    contentType: 'HMAC key for the signed chart, export and invitation links'
  }
}

output vaultName string = vault.name

output linkSigningKeyReference string = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${linkSigningKeyName})'

// App Service resolves this reference with the app's identity; the value never appears in the settings.
output botCredentialReference string = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${botAppPasswordName})'
