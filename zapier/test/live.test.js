'use strict';

// Runs the app against a LIVE webhook service. Needs:
//   HOOKS_BASE_URL  e.g. http://127.0.0.1:8080  (never defaulted here, so tests cannot hit production)
//   HOOKS_API_KEY   API key of an organization whose API feature is enabled
// Both may also come from zapier/.env. Without them every test here fails.

// Before zapier-platform-core loads: in test mode it turns its output checks
// (a trigger returns an array, ...) into errors, as under mocha, and stays quiet.
process.env.NODE_ENV = 'test';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { after, describe, it } = require('node:test');

const zapier = require('zapier-platform-core');

// zapier/.env, if present, fills in variables the environment does not set.
const envFile = path.join(__dirname, '..', '.env');
if (fs.existsSync(envFile)) {
  zapier.tools.env.inject(path.relative(process.cwd(), envFile));
}

const App = require('..');

const appTester = zapier.createAppTester(App);

const ZAPIER_TARGET_URL = 'https://hooks.zapier.com/hooks/standard/1/test';
const EVENT_TYPES = [
  'model.created',
  'model.status.updated',
  'model.photos_ready',
  'model.favorite_selected',
  'model.deleted',
];
const triggerKey = (event) => event.replace(/\./g, '_');

const missingEnv = ['HOOKS_BASE_URL', 'HOOKS_API_KEY'].filter((name) => !process.env[name]);
const requireLiveService = () => {
  if (missingEnv.length) {
    throw new Error(
      `Live Zapier tests need a running webhook service: set ${missingEnv.join(' and ')} ` +
        '(e.g. HOOKS_BASE_URL=http://127.0.0.1:8080 HOOKS_API_KEY=<org API key> npm test), ' +
        'or run only the offline schema test with `npm run test:schema`.',
    );
  }
};

const authData = () => ({ apiKey: process.env.HOOKS_API_KEY });

// The end-to-end delivery test also makes an event, as an internal service does.
const requireServiceToken = () => {
  const missing = ['HOOKS_SERVICE_TOKEN', 'HOOKS_ORGANIZATION'].filter((name) => !process.env[name]);
  if (missing.length) {
    throw new Error(`The live delivery test needs ${missing.join(' and ')} (scripts/ci-live-test.sh sets them).`);
  }
};

// zapier-platform-core errors carry a JSON message: ResponseError has {status, content, ...},
// z.errors.Error has {message, code, status}.
const errorStatus = (error) => {
  try {
    return JSON.parse(error.message).status;
  } catch (_e) {
    return undefined;
  }
};

// Every subscription a test creates, so a failed test leaves nothing behind.
const created = new Set();

// Each test calls requireLiveService() first, so a missing variable fails every test
// (a failing before() hook would only mark them cancelled).
describe('live service', () => {
  after(async () => {
    for (const id of created) {
      try {
        await appTester(App.triggers.model_created.operation.performUnsubscribe, {
          authData: authData(),
          subscribeData: { id },
        });
      } catch (_e) {
        // already gone
      }
    }
  });

  describe('authentication', () => {
    it('the connection test returns the organization of the key', async () => {
      requireLiveService();
      const me = await appTester(App.authentication.test, { authData: authData() });
      assert.equal(typeof me.organization, 'string');
      assert.ok(me.organization.length > 0, 'organization is empty');
      assert.equal(typeof me.name, 'string');
    });

    it('a bad API key fails the connection test with 401', async () => {
      requireLiveService();
      const badKey = `not-a-key-${crypto.randomBytes(16).toString('hex')}`;
      await assert.rejects(
        appTester(App.authentication.test, { authData: { apiKey: badKey } }),
        (error) => {
          assert.equal(errorStatus(error), 401, error.message);
          assert.match(error.message, /AuthenticationError/);
          assert.ok(!error.message.includes(badKey), 'the key must not be echoed back');
          return true;
        },
      );
    });

    it('a missing API key fails the connection test with 401', async () => {
      requireLiveService();
      await assert.rejects(appTester(App.authentication.test, { authData: {} }), (error) => {
        assert.equal(errorStatus(error), 401, error.message);
        return true;
      });
    });
  });

  describe('REST hook lifecycle (model.created)', () => {
    const operation = App.triggers.model_created.operation;
    let subscription;

    it('subscribe returns an id', async () => {
      requireLiveService();
      subscription = await appTester(operation.performSubscribe, {
        authData: authData(),
        targetUrl: ZAPIER_TARGET_URL,
      });
      assert.equal(typeof subscription.id, 'string');
      assert.ok(subscription.id.length > 0, 'subscription id is empty');
      created.add(subscription.id);
      assert.equal(subscription.event, 'model.created');
      assert.equal(subscription.targetUrl, ZAPIER_TARGET_URL);
    });

    it('unsubscribe succeeds', async () => {
      requireLiveService();
      assert.ok(subscription, 'subscribe did not succeed');
      const result = await appTester(operation.performUnsubscribe, {
        authData: authData(),
        subscribeData: subscription,
      });
      assert.equal(result.id, subscription.id);
      created.delete(subscription.id);
    });

    it('a second unsubscribe fails with 404', async () => {
      requireLiveService();
      assert.ok(subscription, 'subscribe did not succeed');
      await assert.rejects(
        appTester(operation.performUnsubscribe, { authData: authData(), subscribeData: subscription }),
        (error) => {
          assert.equal(errorStatus(error), 404, error.message);
          return true;
        },
      );
    });
  });

  describe('a real signed delivery (model.created)', () => {
    const operation = App.triggers.model_created.operation;

    it('subscribes, receives the service\'s signed hook, triggers on it and not on a tampered copy', async () => {
      requireLiveService();
      requireServiceToken();
      const received = [];
      const server = http.createServer((request, response) => {
        const chunks = [];
        request.on('data', (chunk) => chunks.push(chunk));
        request.on('end', () => {
          received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
          response.end('ok');
        });
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const targetUrl = `http://127.0.0.1:${server.address().port}/zap`;
        const subscription = await appTester(operation.performSubscribe, { authData: authData(), targetUrl });
        created.add(subscription.id);
        assert.match(subscription.secret, /^[0-9a-f]{64}$/, 'the secret is kept in subscribeData');

        const model = `zap-live-${crypto.randomBytes(4).toString('hex')}`;
        const answer = await fetch(`${process.env.HOOKS_BASE_URL}/internal/v1/models`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${process.env.HOOKS_SERVICE_TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            _id: model, organization: process.env.HOOKS_ORGANIZATION, uid: 'u', title: 'Live shoot',
            trigger: 'api', status: 'pending',
          }),
        });
        assert.equal(answer.status, 201);
        const deadline = Date.now() + 20000;
        while (!received.some((r) => r.body.includes(model)) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const delivery = received.find((r) => r.body.includes(model));
        assert.ok(delivery, 'the service delivered the event to the subscription');

        // As Zapier hands a hook to perform: headers renamed "Http-X-...", the raw body, the parsed body.
        const zapierHeaders = Object.fromEntries(
          Object.entries(delivery.headers).map(([name, value]) => [
            name.startsWith('x-') ? `Http-${name.replace(/(^|-)([a-z])/g, (m, dash, c) => dash + c.toUpperCase())}` : name,
            value,
          ]),
        );
        const bundle = {
          authData: authData(),
          subscribeData: subscription,
          rawRequest: { method: 'POST', querystring: '', headers: zapierHeaders, content: delivery.body },
          cleanedRequest: JSON.parse(delivery.body),
        };
        assert.deepEqual(await appTester(operation.perform, bundle), [JSON.parse(delivery.body)]);

        const tampered = delivery.body.replace('Live shoot', 'Forged shoot');
        const forged = { ...bundle, rawRequest: { ...bundle.rawRequest, content: tampered }, cleanedRequest: JSON.parse(tampered) };
        assert.deepEqual(await appTester(operation.perform, forged), []);
      } finally {
        server.close();
      }
    });
  });

  for (const event of EVENT_TYPES) {
    describe(`trigger ${triggerKey(event)}`, () => {
      const operation = App.triggers[triggerKey(event)].operation;
      let listed;

      it(`performList returns ${event} payloads`, async () => {
        requireLiveService();
        listed = await appTester(operation.performList, { authData: authData() });
        assert.ok(Array.isArray(listed), `expected an array, got ${JSON.stringify(listed)}`);
        assert.ok(listed.length >= 1 && listed.length <= 3, `expected 1 to 3 items, got ${listed.length}`);
        for (const item of listed) {
          assert.match(item.id, /^evt_/);
          assert.equal(item.event, event);
          assert.equal(item.objectType, 'model');
          assert.equal(typeof item.object, 'object');
          assert.ok(item.object !== null && '_id' in item.object, 'object._id missing');
          assert.equal('favoritePhoto' in item, event === 'model.favorite_selected', 'favoritePhoto');
        }
      });

      it('perform ignores a payload that was not signed for the subscription', async () => {
        requireLiveService();
        assert.ok(listed && listed.length, 'performList did not succeed');
        const payload = listed[0];
        const results = await appTester(operation.perform, {
          authData: authData(),
          subscribeData: { id: 'unknown', event, secret: crypto.randomBytes(32).toString('hex') },
          rawRequest: { method: 'POST', headers: {}, content: JSON.stringify(payload) },
          cleanedRequest: payload,
        });
        assert.deepEqual(results, []);
      });
    });
  }
});
