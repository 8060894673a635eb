using './main.bicep'

// West Europe: the bot's storage, logs and app stay in the EU.
param location = 'westeurope'
param namePrefix = 'citydealbot'

// No secret to rotate: the Azure Bot and the app share a user-assigned managed identity.
// For a single-tenant app registration instead, set botIdentityType = 'SingleTenant' and export
// BOT_APP_ID and BOT_APP_PASSWORD before running az deployment group create.
param botIdentityType = 'UserAssignedMSI'
param botAppId = readEnvironmentVariable('BOT_APP_ID', '')
param botAppPassword = readEnvironmentVariable('BOT_APP_PASSWORD', '')

// The link-signing key: set LINK_SIGNING_KEY on the first deployment only (docs/deployment.md, section 3);
// later deployments leave it unset and keep the key in Key Vault.
param linkSigningKey = readEnvironmentVariable('LINK_SIGNING_KEY', '')

param botServiceLocation = 'global'
param botSku = 'F0'
param appServiceSku = 'B1'
param appServiceInstances = 1
param storageSku = 'Standard_ZRS'
param logRetentionDays = 30

// Entra object ids of the Agenda Stad programme administrators (Entra admin center → Users → the person → Object ID).
param programmeAdministrators = []
