// Verifies a HeadshotPro webhook with the official Standard Webhooks library (npm: standardwebhooks).
// Your 64-hex webhook secret becomes the library's secret as "whsec_" + base64 of its 32 bytes.
// Usage: HEADSHOTPRO_WEBHOOK_SECRET=... node verify.js <webhook-id> <webhook-timestamp> <webhook-signature> <body-file>
// Express: app.post('/hooks', express.raw({ type: 'application/json' }), (req, res) => {
//   const event = new Webhook(standardSecret(process.env.HEADSHOTPRO_WEBHOOK_SECRET)).verify(req.body, req.headers);
//   ...; res.sendStatus(200); })   // verify throws on a bad signature or an old timestamp
'use strict';
const fs = require('node:fs');
const { Webhook } = require('standardwebhooks');

const standardSecret = (hexSecret) => `whsec_${Buffer.from(hexSecret, 'hex').toString('base64')}`;

module.exports = { standardSecret };

if (require.main === module) {
  const secret = process.env.HEADSHOTPRO_WEBHOOK_SECRET;
  const [id, timestamp, signature, bodyFile] = process.argv.slice(2);
  if (!secret || process.argv.length !== 6) {
    console.error('usage: HEADSHOTPRO_WEBHOOK_SECRET=... node verify.js <webhook-id> <webhook-timestamp> <webhook-signature> <body-file>');
    process.exit(2);
  }
  const headers = { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
  try {
    new Webhook(standardSecret(secret)).verify(fs.readFileSync(bodyFile, 'utf8'), headers);
    console.log('valid');
  } catch (e) {
    console.log('invalid');
    process.exit(1);
  }
}
