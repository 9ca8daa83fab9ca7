// Cloud mode of the CSP Usage Bot: a Linux web app running the bot, an Azure Bot connecting it to Teams
// with the OAuth connection that Teams SSO needs, and a storage account for the bot's shared state.
//
// The bot's Entra app registration is not created here: it lives in the Microsoft 365 tenant, which need not be
// the tenant of the Azure subscription, and an ARM deployment cannot mint its client secret. Microsoft 365 Agents
// Toolkit creates it from infra/entra/aad.manifest.json (see m365agents.yml); by hand, docs/deploy-to-azure.md
// shows the commands. Either way, its client id and secret come in as botId and botPassword.

targetScope = 'resourceGroup'

@description('Name of the web app and the Azure Bot; both must be globally unique, so include something of your own.')
@minLength(3)
@maxLength(40)
param resourceBaseName string

@description('Region of the App Service plan and web app (the Azure Bot itself is global).')
param location string = resourceGroup().location

@description('App Service plan SKU. Basic or higher, because Free and Shared plans cannot keep the app always on.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param appServiceSku string = 'B1'

@description('Node.js runtime. Node 20 reached end of life on 30 April 2026; package.json accepts any Node from 20 on, so 22 is the upgrade path.')
@allowed([
  'NODE|20-lts'
  'NODE|22-lts'
])
param nodeRuntime string = 'NODE|20-lts'

@description('Client (application) id of the bot\'s Entra app registration (BOT_ID).')
@minLength(36)
@maxLength(36)
param botId string

@secure()
@description('Client secret of that app registration (BOT_PASSWORD). No default on purpose: it must come from the caller.')
param botPassword string

// UserAssignedMSI is left out on purpose: a managed identity can neither expose the access_as_user scope nor
// hold the secret the OAuth connection and the on-behalf-of exchange for Partner Center need. New multi-tenant
// bots cannot be created since 31 July 2025, so MultiTenant only fits an existing registration.
@description('How the Bot Framework authenticates the bot (BOT_TYPE).')
@allowed([
  'SingleTenant'
  'MultiTenant'
])
param botType string = 'SingleTenant'

@description('Tenant of the bot\'s app registration (BOT_TENANT_ID). Defaults to the tenant of this deployment.')
param botTenantId string = tenant().tenantId

@description('signInAudience of the app registration: AzureADMyOrg, or AzureADMultipleOrgs when users of other tenants sign in (always so with MultiTenant).')
@allowed([
  'AzureADMyOrg'
  'AzureADMultipleOrgs'
])
param signInAudience string = 'AzureADMyOrg'

@description('Azure Bot pricing tier.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Name users see for the bot in Azure.')
param botDisplayName string = 'CSP Usage'

@description('Name of the Azure Bot OAuth connection the bot signs users in with (OAUTH_CONNECTION_NAME).')
param oauthConnectionName string = 'TeamsSso'

@description('Comma-separated ids of the tenants whose users may use the bot (ALLOWED_TENANT_IDS). Empty means the bot\'s own tenant.')
param allowedTenantIds string = ''

@description('true lets users of any tenant that installs the bot use it (ALLOW_ANY_TENANT); overrides allowedTenantIds.')
param allowAnyTenant bool = false

@description('A workload below this usage percentage is reported as low (LOW_USAGE_THRESHOLD).')
@minValue(1)
@maxValue(99)
param lowUsageThreshold int = 30

@description('Every chat request gets an answer within this many seconds (REQUEST_DEADLINE_SECONDS).')
@minValue(1)
@maxValue(30)
param requestDeadlineSeconds int = 25

@description('Log level (LOG_LEVEL).')
@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@description('Partner Center API base URL (PARTNER_CENTER_BASE_URL). Empty means the public cloud, https://api.partnercenter.microsoft.com.')
param partnerCenterBaseUrl string = ''

@description('Which usage endpoint to call (PARTNER_CENTER_USAGE_API).')
@allowed([
  'customer'
  'commercial'
  'auto'
])
param partnerCenterUsageApi string = 'auto'

@description('Path of the commercial license usage endpoint (PARTNER_CENTER_COMMERCIAL_USAGE_PATH).')
param partnerCenterCommercialUsagePath string = '/v1/analytics/commercial/usage/license'

@description('Sent to Partner Center as MS-PartnerCenter-Application (PARTNER_CENTER_APPLICATION).')
param partnerCenterApplication string = 'CSP Usage Bot'

@description('When subscribed chats are checked for low adoption (ALERT_SCHEDULE): a cron pattern, or off.')
param alertSchedule string = '0 8 * * 1'

@description('IANA time zone of alertSchedule (ALERT_TIMEZONE).')
param alertTimeZone string = 'UTC'

@secure()
@description('Key of POST /api/alerts/run for an outside scheduler (ALERTS_API_KEY, at least 16 characters). Empty: the endpoint answers 503.')
param alertsApiKey string = ''

// The bot's state (conversation references, subscriptions, alert state, settings, sign-in bookkeeping) lives
// in Blob Storage, not on the web app's disk: the deployed package is read-only, and every instance of a
// scaled-out plan must see the same state. The bot creates its container on start.
resource stateAccount 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  // 3–24 lower-case letters and digits, globally unique, stable for this resource group and base name.
  name: take('stcspusage${uniqueString(resourceGroup().id, resourceBaseName)}', 24)
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

// Which organisations may call Partner Center through the bot must be a decision, never "everyone" by accident:
// with no list given, only the tenant that owns the bot (the partner's own) is let in.
var effectiveAllowedTenantIds = allowAnyTenant ? '' : (empty(allowedTenantIds) ? botTenantId : allowedTenantIds)

// App Service routes HTTP traffic to this port; the bot listens on PORT. Stating both keeps them from drifting.
var appPort = '8080'

// The bot's runtime variables (see .env.sample; the others keep their defaults), plus the App Service settings
// that shape the deployment.
var botSettings = {
  BOT_ID: botId
  BOT_PASSWORD: botPassword
  BOT_TYPE: botType
  BOT_TENANT_ID: botTenantId
  OAUTH_CONNECTION_NAME: oauthConnectionName
  ALLOWED_TENANT_IDS: effectiveAllowedTenantIds
  ALLOW_ANY_TENANT: allowAnyTenant ? 'true' : 'false'
  PORT: appPort
  WEBSITES_PORT: appPort
  LOW_USAGE_THRESHOLD: string(lowUsageThreshold)
  REQUEST_DEADLINE_SECONDS: string(requestDeadlineSeconds)
  LOG_LEVEL: logLevel
  // JSON lines, which App Service log streaming shows as they are; pretty logs need a dev-only package.
  LOG_PRETTY: 'false'
  PARTNER_CENTER_BASE_URL: partnerCenterBaseUrl
  PARTNER_CENTER_USAGE_API: partnerCenterUsageApi
  PARTNER_CENTER_COMMERCIAL_USAGE_PATH: partnerCenterCommercialUsagePath
  PARTNER_CENTER_APPLICATION: partnerCenterApplication
  STORAGE: 'blob'
  AZURE_STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=${stateAccount.name};AccountKey=${stateAccount.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  AZURE_STORAGE_CONTAINER: 'csp-usage-bot'
  ALERT_SCHEDULE: alertSchedule
  ALERT_TIMEZONE: alertTimeZone
  ALERTS_API_KEY: alertsApiKey
  // The uploaded zip is already built (dist/ and node_modules/): run it as one read-only, atomically swapped
  // package instead of letting the platform unpack and rebuild it.
  WEBSITE_RUN_FROM_PACKAGE: '1'
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
}

module appService 'modules/app-service.bicep' = {
  name: 'csp-usage-app-service'
  params: {
    name: resourceBaseName
    location: location
    sku: appServiceSku
    nodeRuntime: nodeRuntime
    appSettings: botSettings
  }
}

module azureBot 'modules/azure-bot.bicep' = {
  name: 'csp-usage-azure-bot'
  params: {
    name: resourceBaseName
    displayName: botDisplayName
    sku: botSku
    botId: botId
    botPassword: botPassword
    botType: botType
    botTenantId: botTenantId
    signInAudience: signInAudience
    messagingEndpoint: 'https://${appService.outputs.hostName}/api/messages'
    oauthConnectionName: oauthConnectionName
  }
}

// Output names are upper case because Microsoft 365 Agents Toolkit writes each output into env/.env.<env> under
// its own name: the app package and the deploy step read them from there.

@description('Host name of the web app; the Teams manifest\'s BOT_DOMAIN.')
output BOT_DOMAIN string = appService.outputs.hostName

output BOT_ENDPOINT string = 'https://${appService.outputs.hostName}'

@description('The bot id (the Entra app\'s client id), as the Azure Bot is registered with it.')
output BOT_ID string = botId

@description('Where azureAppService/zipDeploy uploads the bot.')
output AZURE_APP_SERVICE_RESOURCE_ID string = appService.outputs.siteResourceId

output AZURE_BOT_NAME string = azureBot.outputs.AZURE_BOT_NAME

output OAUTH_CONNECTION_NAME string = azureBot.outputs.OAUTH_CONNECTION_NAME
