'use strict';

const { baseUrl } = require('./http');

// Zapier's connection test: the service tells us which organization the key belongs to.
const test = async (z) => {
  const response = await z.request({ url: `${baseUrl()}/zapier/v1/me` });
  return response.data; // {organization, name}
};

module.exports = {
  type: 'custom',
  fields: [
    {
      key: 'apiKey',
      label: 'API Key',
      type: 'password',
      required: true,
      helpText:
        'Your organization API key from HeadshotPro: Admin > API Settings (TeamLead role required). ' +
        'It is shown only once when created; create a new one if you no longer have it.',
    },
  ],
  test,
  // The connection test's result is available as bundle.inputData.
  connectionLabel: '{{bundle.inputData.name}}',
};
