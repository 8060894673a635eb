// The peer of the load benchmark: the smallest useful bot on the official Bot Framework SDK for JavaScript.
// CloudAdapter validates every inbound token against the configured OpenID metadata (the benchmark's stand-in
// for login.botframework.com), gets its outbound token from the App Service managed-identity endpoint named in
// IDENTITY_ENDPOINT, and answers each message with one reply through the Connector, as CityDealBot does for help.
const restify = require('restify');
const { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } = require('botbuilder');

const metadata = process.env.OPENID_METADATA_URL;
const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: process.env.MicrosoftAppId,
    MicrosoftAppTenantId: process.env.MicrosoftAppTenantId,
    MicrosoftAppType: 'UserAssignedMSI',
    ValidateAuthority: true,
    ToBotFromChannelOpenIdMetadataUrl: metadata,
    ToBotFromEmulatorOpenIdMetadataUrl: metadata,
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    OAuthUrl: 'https://api.botframework.com',
});

const adapter = new CloudAdapter(auth);
adapter.onTurnError = async (context, error) => {
    console.error(`turn error: ${error.message}`);
};

class EchoBot extends ActivityHandler {
    constructor() {
        super();
        this.onMessage(async (context, next) => {
            await context.sendActivity(`Echo: ${context.activity.text}`);
            await next();
        });
    }
}

const bot = new EchoBot();
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(process.env.PORT || 3979), '127.0.0.1');
