// The Azure Bot that connects the bot's messaging endpoint to Teams, and the OAuth connection Teams SSO uses.
// Also deployed on its own by m365agents.local.yml, with a dev tunnel as the endpoint: a bot registered in the
// Teams Developer Portal (botFramework/create) cannot hold an OAuth connection, so SSO needs an Azure Bot even
// when the code runs on a developer's machine.

@description('Bot handle, globally unique.')
@minLength(2)
@maxLength(64)
param name string

@description('Name users see for the bot.')
param displayName string

@description('F0 is enough: standard channels, Teams among them, are free and unlimited; S1 only matters for premium channels.')
@allowed([
  'F0'
  'S1'
])
param sku string = 'F0'

@description('Client (application) id of the bot\'s Entra app registration (BOT_ID).')
@minLength(36)
@maxLength(36)
param botId string

@secure()
@description('Client secret of that app registration (BOT_PASSWORD); the OAuth connection signs in with it.')
param botPassword string

@description('How the Bot Framework authenticates the bot (BOT_TYPE).')
@allowed([
  'SingleTenant'
  'MultiTenant'
])
param botType string

@description('Tenant of the bot\'s app registration (BOT_TENANT_ID).')
param botTenantId string

@description('Who can sign in to the app registration: the tenant of the bot only, or any organisation.')
@allowed([
  'AzureADMyOrg'
  'AzureADMultipleOrgs'
])
param signInAudience string

@description('Full URL Teams messages are posted to, ending in /api/messages.')
param messagingEndpoint string

@description('Name of the OAuth connection (OAUTH_CONNECTION_NAME).')
@minLength(2)
@maxLength(64)
param oauthConnectionName string

// The application id URI that Teams SSO tokens are issued for. It must equal the app registration's identifier
// URI and the Teams manifest's webApplicationInfo.resource, or Teams answers signin/failure resourcematchfailed.
var botAppIdUri = 'api://botid-${botId}'

// How the Bot Framework token service names its "Azure Active Directory v2" identity provider.
var aadV2ServiceProviderId = '30dd229c-58e3-4a48-bdfd-91ec48eb906c'

// 2022-09-15 is the newest GA API version of Microsoft.BotService (2023-09-15-preview is the only later one).
resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  // A bot registration is a global resource; a regional one would need regional token endpoints in the code.
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: messagingEndpoint
    msaAppId: botId
    msaAppType: botType
    // Only single-tenant bots are bound to a tenant; a multi-tenant registration must leave it empty.
    msaAppTenantId: botType == 'SingleTenant' ? botTenantId : ''
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

resource ssoConnection 'Microsoft.BotService/botServices/connections@2022-09-15' = {
  parent: bot
  name: oauthConnectionName
  location: 'global'
  properties: {
    serviceProviderId: aadV2ServiceProviderId
    serviceProviderDisplayName: 'Azure Active Directory v2'
    // The bot's own app: the token the connection hands the bot is for the bot's API (access_as_user), which
    // the bot then exchanges on behalf of the user for a Partner Center token.
    clientId: botId
    clientSecret: botPassword
    // offline_access lets the token service refresh the user's token without the user (needed for alerts);
    // openid and profile tell it who the user is.
    scopes: '${botAppIdUri}/access_as_user offline_access openid profile'
    parameters: [
      {
        // A single-tenant app only accepts its own tenant's users; a multi-organisation app signs users in
        // from their own tenant, which the token service finds through the common endpoint.
        key: 'tenantID'
        value: signInAudience == 'AzureADMyOrg' ? botTenantId : 'common'
      }
      {
        // Lets the token service swap the silent Teams SSO token for the connection's token, so users are not
        // shown a sign-in card.
        key: 'tokenExchangeUrl'
        value: botAppIdUri
      }
    ]
  }
}

// Upper-case names because m365agents.local.yml deploys this module on its own, and Agents Toolkit writes each
// output into env/.env.local under its own name.
output AZURE_BOT_NAME string = bot.name

output OAUTH_CONNECTION_NAME string = ssoConnection.name
