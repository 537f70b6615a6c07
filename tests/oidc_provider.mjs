// A real OpenID Connect provider for the tests (panva's oidc-provider, a certified
// implementation), on 127.0.0.1 with one client and a few people. Started by the fixture in
// tests/oidc.py with its settings as JSON in OIDC_TEST_CONFIG:
//   {"port": 5123, "client_id": "...", "client_secret": "...", "redirect_uri": "...",
//    "people": {"login name": {"email": "...", "name": "...", "roles": ["..."]}}}
// The provider's own development login page takes any login name (the password is not
// checked): the name picks the person. Prints "ready <issuer>" once it listens.
import Provider from 'oidc-provider';

const settings = JSON.parse(process.env.OIDC_TEST_CONFIG);
const issuer = `http://127.0.0.1:${settings.port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: settings.client_id,
    client_secret: settings.client_secret,
    redirect_uris: [settings.redirect_uri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  async findAccount(ctx, id) {
    const person = settings.people[id] || { email: `${id}@okand.example`, name: id, roles: [] };
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: person.email, email_verified: true, name: person.name, roles: person.roles };
      },
    };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'roles'] },
  cookies: { keys: ['a-key-for-the-tests-only'] },
  features: { devInteractions: { enabled: true } },
  ttl: { Session: 600, Interaction: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
});
provider.proxy = false;

const server = provider.listen(settings.port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
