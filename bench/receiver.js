// The benchmark's receiver: answers every POST with 200 at once (after 10 s under /slow, never under /hang, with 500
// after 1 s under /fail), and records
// when each model (by its "_id") arrived, in epoch milliseconds with microsecond precision. Under /multi/ORG/NAME (an
// organization's several endpoints, each sent the same events) it records each endpoint's arrival apart, as
// "<id>~NAME".
//   node bench/receiver.js PORT
//   GET /stats?prefix=P   -> {"count": n, "last": ms, "duplicates": n}, P being an id's start up to its first '-'
//   GET /arrivals?prefix=P -> {"<id>": ms, ...}
'use strict';
const http = require('node:http');
const { performance } = require('node:perf_hooks');

const arrivals = new Map();
const byPrefix = new Map(); // the id up to its first '-' -> { count, last }
const ID = /"_id":"([^"]+)"/;
const now = () => performance.timeOrigin + performance.now();

function matching(prefix) {
  const out = {};
  for (const [id, at] of arrivals) if (id.startsWith(prefix)) out[id] = at;
  return out;
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    const url = new URL(req.url, 'http://x');
    const prefix = url.searchParams.get('prefix') || '';
    const body = url.pathname === '/stats'
      ? (byPrefix.get(prefix) || { count: 0, last: 0, duplicates: 0 })
      : matching(prefix);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
    return;
  }
  const at = now();
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const match = ID.exec(Buffer.concat(chunks).toString('utf8'));
    if (match) {
      const endpoint = req.url.startsWith('/multi/') ? req.url.split('/')[3] : null;
      const id = endpoint ? `${match[1]}~${endpoint}` : match[1];
      const prefix = id.slice(0, id.indexOf('-') + 1);
      const stats = byPrefix.get(prefix) || { count: 0, last: 0, duplicates: 0 };
      byPrefix.set(prefix, stats);
      if (arrivals.has(id)) {
        stats.duplicates++;
      } else {
        arrivals.set(id, at);
        stats.count++;
        stats.last = Math.max(stats.last, at);
      }
    }
    const answer = () => { res.writeHead(200, { 'Content-Length': '0' }); res.end(); };
    if (req.url.startsWith('/hang')) return; // never answers: the service's request timeout ends it
    if (req.url.startsWith('/fail')) setTimeout(() => { res.writeHead(500, { 'Content-Length': '0' }); res.end(); }, 1_000);
    else if (req.url.startsWith('/slow')) setTimeout(answer, 10_000);
    else answer();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] || 18099), '127.0.0.1');
