'use strict';

// Verifies that a hook Zapier received was sent by the HeadshotPro service for this subscription:
// HMAC-SHA256 of "{X-HeadshotPro-Timestamp}.{raw body}" keyed with the subscription's secret (the one
// the service returned when the Zap subscribed), and a timestamp within five minutes of now.

const crypto = require('node:crypto');

const TOLERANCE_SECONDS = 300;

// Zapier hands hook headers over renamed: "X-HeadshotPro-Signature" arrives as
// "Http-X-Headshotpro-Signature" (Content-Type and Content-Length keep their names). Look headers up
// by name, whatever the case and prefix.
const header = (headers, name) => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers || {})) {
    const normalized = key.toLowerCase().replace(/^http-/, '');
    if (normalized === wanted) {
      return Array.isArray(value) ? value[0] : value;
    }
  }
  return undefined;
};

// Returns null when the hook is genuine, else the reason it is not (never a secret or signature).
const rejection = (secret, rawRequest, nowSeconds = Math.floor(Date.now() / 1000)) => {
  if (typeof secret !== 'string' || !/^[0-9a-f]{64}$/.test(secret)) {
    return 'this subscription has no signing secret; turn the Zap off and on again to resubscribe';
  }
  if (!rawRequest || typeof rawRequest.content !== 'string') {
    return 'the request has no body';
  }
  const timestamp = header(rawRequest.headers, 'X-HeadshotPro-Timestamp');
  const signature = header(rawRequest.headers, 'X-HeadshotPro-Signature');
  if (typeof timestamp !== 'string' || !/^\d{1,15}$/.test(timestamp)) {
    return 'missing or malformed X-HeadshotPro-Timestamp';
  }
  if (Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) {
    return 'stale: X-HeadshotPro-Timestamp is more than five minutes away';
  }
  if (typeof signature !== 'string' || !signature.startsWith('sha256=')) {
    return 'missing or malformed X-HeadshotPro-Signature';
  }
  const expected = Buffer.from(
    crypto.createHmac('sha256', secret).update(`${timestamp}.`).update(rawRequest.content, 'utf8').digest('hex'),
  );
  const received = Buffer.from(signature.slice('sha256='.length));
  if (expected.length !== received.length || !crypto.timingSafeEqual(expected, received)) {
    return 'the signature does not match';
  }
  return null;
};

module.exports = { TOLERANCE_SECONDS, header, rejection };
