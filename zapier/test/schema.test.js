'use strict';

// Needs no service: checks the app definition itself.

// Before zapier-platform-core loads: in test mode it turns its output checks
// (a trigger returns an array, ...) into errors, as under mocha, and stays quiet.
process.env.NODE_ENV = 'test';

const assert = require('node:assert/strict');
const { describe, it } = require('node:test');

const zapier = require('zapier-platform-core');
const App = require('..');
const { definitionErrors } = require('../scripts/validate');

const EVENT_TYPES = [
  'model.created',
  'model.status.updated',
  'model.photos_ready',
  'model.favorite_selected',
  'model.deleted',
];

describe('app definition', () => {
  it('validates against zapier-platform-schema', () => {
    const errors = definitionErrors(App);
    assert.deepEqual(
      errors.map((e) => `${e.property}: ${e.message}`),
      [],
    );
  });

  it('takes its version from package.json and platformVersion from zapier-platform-core', () => {
    assert.equal(App.version, require('../package.json').version);
    assert.equal(App.platformVersion, zapier.version);
  });

  it('uses custom API-key authentication tested against /zapier/v1/me', () => {
    assert.equal(App.authentication.type, 'custom');
    assert.deepEqual(
      App.authentication.fields.map((f) => f.key),
      ['apiKey'],
    );
    assert.equal(typeof App.authentication.test, 'function');
    assert.match(App.authentication.connectionLabel, /bundle\.inputData\.name/);
  });

  it('adds X-API-Key to every request', () => {
    const [addApiKey] = App.beforeRequest;
    const request = addApiKey({ url: 'https://example.test/' }, {}, { authData: { apiKey: 'k-123' } });
    assert.equal(request.headers['X-API-Key'], 'k-123');
  });

  it('has one REST-hook trigger per event type', () => {
    assert.deepEqual(
      Object.keys(App.triggers).sort(),
      EVENT_TYPES.map((e) => e.replace(/\./g, '_')).sort(),
    );
    for (const event of EVENT_TYPES) {
      const trigger = App.triggers[event.replace(/\./g, '_')];
      const op = trigger.operation;
      assert.equal(op.type, 'hook', event);
      for (const fn of ['performSubscribe', 'performUnsubscribe', 'perform', 'performList']) {
        assert.equal(typeof op[fn], 'function', `${event}.${fn}`);
      }
      assert.equal(op.sample.event, event);
      assert.match(op.sample.id, /^evt_/);
      assert.equal('favoritePhoto' in op.sample, event === 'model.favorite_selected', event);
    }
  });
});
