// Verifies a HeadshotPro webhook: HMAC-SHA256 of "{timestamp}.{raw body}" keyed with the webhook secret.
// Usage: HEADSHOTPRO_WEBHOOK_SECRET=... node verify.js <timestamp> <signature-header> <body-file>
// Express: keep the body as raw bytes, verify, then parse.
//   app.post('/webhooks/headshotpro', express.raw({ type: 'application/json' }), (req, res) => {
//     if (!verify(process.env.HEADSHOTPRO_WEBHOOK_SECRET, req.get('X-HeadshotPro-Timestamp'),
//                 req.get('X-HeadshotPro-Signature'), req.body)) return res.sendStatus(401);
//     const event = JSON.parse(req.body.toString('utf8'));
//     res.sendStatus(200);
//   });
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');

const TOLERANCE_SECONDS = 300;

function verify(secret, timestampHeader, signatureHeader, rawBody, nowSeconds = Math.floor(Date.now() / 1000)) {
  if (typeof timestampHeader !== 'string' || !/^\d{1,15}$/.test(timestampHeader)) return false;
  if (typeof signatureHeader !== 'string' || !signatureHeader.startsWith('sha256=')) return false;
  if (Math.abs(nowSeconds - Number(timestampHeader)) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(
    crypto.createHmac('sha256', secret).update(`${timestampHeader}.`).update(rawBody).digest('hex'));
  const received = Buffer.from(signatureHeader.slice('sha256='.length));
  return expected.length === received.length && crypto.timingSafeEqual(expected, received);
}

module.exports = { verify };

if (require.main === module) {
  const secret = process.env.HEADSHOTPRO_WEBHOOK_SECRET;
  const [timestamp, signature, bodyFile] = process.argv.slice(2);
  if (!secret || process.argv.length !== 5) {
    console.error('usage: HEADSHOTPRO_WEBHOOK_SECRET=... node verify.js <timestamp> <signature-header> <body-file>');
    process.exit(2);
  }
  const ok = verify(secret, timestamp, signature, fs.readFileSync(bodyFile));
  console.log(ok ? 'valid' : 'invalid');
  process.exit(ok ? 0 : 1);
}
