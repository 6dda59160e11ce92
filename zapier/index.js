'use strict';

// Zapier Platform CLI app for the HeadshotPro webhook dispatch service.

const authentication = require('./lib/authentication');
const { addApiKey, handleAuthErrors } = require('./lib/http');
const { triggers } = require('./lib/triggers');

module.exports = {
  version: require('./package.json').version,
  platformVersion: require('zapier-platform-core').version,

  authentication,
  beforeRequest: [addApiKey],
  afterResponse: [handleAuthErrors],

  triggers,
  searches: {},
  creates: {},
  resources: {},
};
