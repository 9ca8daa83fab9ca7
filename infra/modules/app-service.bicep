// The Linux App Service plan and web app that run the bot's Node.js process.

@description('Name of the web app (globally unique: it becomes <name>.azurewebsites.net). The plan is named after it.')
param name string

param location string

@description('App Service plan SKU.')
param sku string

@description('Linux runtime stack, e.g. NODE|20-lts.')
param nodeRuntime string

@secure()
@description('Environment variables of the bot process, name to string value. Secure because it holds BOT_PASSWORD.')
param appSettings object

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: '${name}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: sku
  }
  properties: {
    // `reserved` is what makes a plan Linux; without it the site would land on a Windows worker.
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // The bot keeps no per-user state in memory between requests, so sticky sessions would only skew load
    // once the plan is scaled out.
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: nodeRuntime
      // The deployed package holds the compiled bot and its production dependencies, not TypeScript:
      // `npm start` would try to compile first, so the platform starts the compiled entry point directly.
      appCommandLine: 'node dist/index.js'
      // Teams expects an answer within seconds; an app unloaded after idle time would miss the first message.
      alwaysOn: true
      // The platform probes this path on every instance and takes failing instances out of rotation.
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        for setting in items(appSettings): {
          name: setting.key
          value: setting.value
        }
      ]
    }
  }
}

@description('Host name of the web app, e.g. csp-usage-abc123.azurewebsites.net.')
output hostName string = site.properties.defaultHostName

@description('Resource id of the web app, the target of zip deployments.')
output siteResourceId string = site.id
