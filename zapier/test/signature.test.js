'use strict';

// Needs no service: the hook's perform against genuine, forged, altered and stale requests, shaped as
// Zapier hands them over (bundle.rawRequest with "Http-" headers, bundle.cleanedRequest parsed).

process.env.NODE_ENV = 'test';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { describe, it } = require('node:test');

const zapier = require('zapier-platform-core');
const App = require('..');
const { header, rejection } = require('../lib/signature');

const appTester = zapier.createAppTester(App);
const perform = App.triggers.model_created.operation.perform;

const SECRET = crypto.randomBytes(32).toString('hex');
const BODY = JSON.stringify({
  id: 'evt_3f2b8c1e-9a4d-4e6b-8f1a-2c5d7e9b0a13',
  event: 'model.created',
  createdAt: '2024-01-15T12:00:00.000Z',
  objectType: 'model',
  object: { _id: 'm-1', title: 'Team shoot – Zürich' },
});

const now = () => Math.floor(Date.now() / 1000);
const sign = (secret, timestamp, body) =>
  `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.`).update(body, 'utf8').digest('hex')}`;

// A hook as Zapier passes it to perform.
const hook = ({ secret = SECRET, timestamp = now(), body = BODY, signature } = {}) => ({
  subscribeData: { id: 'sub-1', event: 'model.created', secret: SECRET },
  rawRequest: {
    method: 'POST',
    querystring: '',
    headers: {
      'Content-Type': 'application/json',
      'Http-X-Headshotpro-Timestamp': String(timestamp),
      'Http-X-Headshotpro-Signature': signature || sign(secret, timestamp, body),
      'Http-X-Headshotpro-Event': 'model.created',
    },
    content: body,
  },
  cleanedRequest: JSON.parse(body),
});

describe('hook signature', () => {
  it('a genuine hook triggers with its payload', async () => {
    assert.deepEqual(await appTester(perform, hook()), [JSON.parse(BODY)]);
  });

  it('a hook signed with another secret triggers nothing', async () => {
    assert.deepEqual(await appTester(perform, hook({ secret: crypto.randomBytes(32).toString('hex') })), []);
  });

  it('a hook whose body was altered after signing triggers nothing', async () => {
    const bundle = hook();
    bundle.rawRequest.content = BODY.replace('Team shoot', 'Forged shoot');
    bundle.cleanedRequest = JSON.parse(bundle.rawRequest.content);
    assert.deepEqual(await appTester(perform, bundle), []);
  });

  it('a stale hook, even correctly signed, triggers nothing', async () => {
    assert.deepEqual(await appTester(perform, hook({ timestamp: now() - 301 })), []);
    assert.deepEqual(await appTester(perform, hook({ timestamp: now() + 301 })), []);
  });

  it('a hook without signature headers triggers nothing', async () => {
    const bundle = hook();
    delete bundle.rawRequest.headers['Http-X-Headshotpro-Signature'];
    assert.deepEqual(await appTester(perform, bundle), []);
    const noTimestamp = hook();
    delete noTimestamp.rawRequest.headers['Http-X-Headshotpro-Timestamp'];
    assert.deepEqual(await appTester(perform, noTimestamp), []);
  });

  it('a subscription without a secret (made before secrets were kept) triggers nothing', async () => {
    const bundle = hook();
    delete bundle.subscribeData.secret;
    assert.deepEqual(await appTester(perform, bundle), []);
  });

  it('headers are found whatever their case and prefix', () => {
    assert.equal(header({ 'Http-X-Headshotpro-Timestamp': '1' }, 'X-HeadshotPro-Timestamp'), '1');
    assert.equal(header({ 'x-headshotpro-timestamp': '2' }, 'X-HeadshotPro-Timestamp'), '2');
    assert.equal(header({}, 'X-HeadshotPro-Timestamp'), undefined);
  });

  it('the reason a hook is refused never carries the secret or signature', () => {
    const bundle = hook({ secret: crypto.randomBytes(32).toString('hex') });
    const reason = rejection(SECRET, bundle.rawRequest);
    assert.ok(reason);
    assert.ok(!reason.includes(SECRET));
    assert.ok(!reason.includes(bundle.rawRequest.headers['Http-X-Headshotpro-Signature']));
  });
});
