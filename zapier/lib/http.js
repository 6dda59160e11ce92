'use strict';

// Shared HTTP plumbing: where the HeadshotPro webhooks service lives and the
// middlewares every request goes through.

const DEFAULT_BASE_URL = 'https://webhooks.headshotpro.com';

// Read at request time, not at load time, so a test or `zapier env:set` can change it.
const baseUrl = () =>
  (process.env.HOOKS_BASE_URL || DEFAULT_BASE_URL).replace(/\/+$/, '');

const addApiKey = (request, z, bundle) => {
  request.headers = request.headers || {};
  const apiKey = bundle.authData && bundle.authData.apiKey;
  if (apiKey) {
    request.headers['X-API-Key'] = apiKey;
  }
  if (!request.headers.Accept) {
    request.headers.Accept = 'application/json';
  }
  return request;
};

// The service answers errors with RFC 9457 problem+json: surface its title/detail.
const problemText = (response) => {
  const problem = response.data;
  if (problem && typeof problem === 'object') {
    return [problem.title, problem.detail].filter(Boolean).join(': ');
  }
  return '';
};

// 401 and 403 get a message a Zap user can act on; every other error status is
// left to zapier-platform-core's throwForStatus (a ResponseError carrying the
// status and the problem document).
const handleAuthErrors = (response, z) => {
  if (response.status === 401) {
    throw new z.errors.Error(
      'HeadshotPro rejected the API key. Create a new one under Admin > API Settings and reconnect.' +
        (problemText(response) ? ` (${problemText(response)})` : ''),
      'AuthenticationError',
      401,
    );
  }
  if (response.status === 403) {
    throw new z.errors.Error(
      'The API feature is not enabled for this HeadshotPro organization. Contact HeadshotPro support to enable it.' +
        (problemText(response) ? ` (${problemText(response)})` : ''),
      'ApiFeatureDisabled',
      403,
    );
  }
  return response;
};

module.exports = { DEFAULT_BASE_URL, baseUrl, addApiKey, handleAuthErrors };
