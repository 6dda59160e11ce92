// The Deliveries section: the delivery log newest first, a status filter, more on demand, a delivery's
// attempts when it is opened, and Redeliver. Everything a receiver sent (its response, its errors) is
// shown as text.

import { fill, h, time } from './dom.js';

const STATUSES = [
  ['', 'All'],
  ['pending', 'Pending'],
  ['succeeded', 'Succeeded'],
  ['failed', 'Failed'],
  ['cancelled', 'Cancelled'],
];

const STATUS_LABELS = Object.fromEntries(STATUSES.filter(([value]) => value));

function badge(status) {
  return h('span', { class: `badge ${status}` }, STATUS_LABELS[status] || status);
}

const KINDS = { webhook: 'Webhook', endpoint: 'Endpoint', zapier: 'Zapier' };

function endpointText(endpoint) {
  return `${KINDS[endpoint.kind] || 'Webhook'} · ${endpoint.url}`;
}

export function deliveriesSection({ api, act, say, blockedBy }) {
  const status = h('p', { class: 'status-line', role: 'status' });
  const filter = h(
    'select',
    { id: 'delivery-status' },
    STATUSES.map(([value, label]) => h('option', { value }, label)),
  );
  const rows = h('tbody');
  const empty = h('p', { class: 'empty', hidden: true }, 'No deliveries yet. Save a webhook URL and send a test event.');
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more');
  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  let cursor = null;

  async function load({ append }) {
    const page = await api.deliveries({ status: filter.value, cursor: append ? cursor : null });
    if (!append) rows.replaceChildren();
    for (const delivery of page.items) rows.append(...row(delivery));
    cursor = page.nextCursor;
    more.hidden = !cursor;
    empty.hidden = rows.children.length > 0;
  }

  function row(delivery) {
    const details = h('tr', { class: 'details', hidden: true }, h('td', { colspan: 6 }));
    const open = h(
      'button',
      { type: 'button', class: 'link', 'aria-expanded': 'false', 'aria-label': `Attempts of ${delivery.event} ${delivery.eventId}` },
      'Attempts',
    );
    open.addEventListener('click', () => {
      const opening = details.hidden;
      details.hidden = !opening;
      open.setAttribute('aria-expanded', String(opening));
      if (opening) act(open, status, () => showAttempts(delivery.id, details.firstChild));
    });
    const summary = h(
      'tr',
      { 'data-delivery': delivery.id },
      h(
        'td',
        { 'data-label': 'Event' },
        h('span', { class: 'event' }, delivery.event),
        delivery.origin === 'replay' ? h('span', { class: 'tag' }, 'Replay') : null,
        h('small', {}, delivery.eventId),
      ),
      h('td', { 'data-label': 'Endpoint', class: 'endpoint' }, endpointText(delivery.endpoint)),
      h('td', { 'data-label': 'Status' }, badge(delivery.status)),
      h('td', { 'data-label': 'Attempts', class: 'number' }, String(delivery.attemptCount)),
      h('td', { 'data-label': 'Time' }, time(delivery.createdAt)),
      h('td', { class: 'open' }, open),
    );
    return [summary, details];
  }

  async function showAttempts(id, cell) {
    fill(cell, h('p', { class: 'loading' }, 'Loading attempts…'));
    const delivery = await api.delivery(id);
    const redeliver = h('button', { type: 'button' }, 'Redeliver');
    const line = h('p', { class: 'status-line', role: 'status' });
    redeliver.addEventListener('click', () =>
      act(redeliver, line, async () => {
        await api.redeliver(id);
        say(line, 'One new attempt is on its way.', 'success');
      }),
    );
    const list = delivery.attempts.length
      ? h(
          'ol',
          { class: 'attempts' },
          delivery.attempts.map((attempt) =>
            h(
              'li',
              {},
              h(
                'p',
                { class: 'attempt-head' },
                h('strong', {}, `Attempt ${attempt.number}`),
                ' · ',
                time(attempt.at, true),
                ` · ${attempt.durationMs} ms · `,
                attempt.statusCode !== null ? `HTTP ${attempt.statusCode}` : attempt.error,
              ),
              attempt.response ? h('pre', { class: 'response' }, attempt.response) : null,
            ),
          ),
        )
      : h('p', {}, 'No attempt yet.');
    fill(
      cell,
      h('p', {}, 'To ', h('span', { class: 'endpoint' }, endpointText(delivery.endpoint)), delivery.nextAttemptAt ? [' · next attempt ', time(delivery.nextAttemptAt)] : null),
      delivery.endpoint.disabledAt ? h('p', { class: 'status-line error' }, 'This endpoint is disabled.') : null,
      delivery.lastError ? h('p', {}, `Last error: ${delivery.lastError}`) : null,
      list,
      h('div', { class: 'actions' }, redeliver, line),
    );
  }

  const run = (button, append) => act(button, status, () => load({ append }));
  filter.addEventListener('change', () => run(filter, false));
  refresh.addEventListener('click', () => run(refresh, false));
  more.addEventListener('click', () => run(more, true));

  const section = h(
    'section',
    { class: 'card', id: 'deliveries', 'aria-labelledby': 'deliveries-title' },
    h('h2', { id: 'deliveries-title' }, 'Deliveries'),
    h('p', {}, 'Every event sent to your webhook, endpoints and Zapier, with each attempt and what your endpoint answered.'),
    h('div', { class: 'toolbar' }, h('label', { for: 'delivery-status' }, 'Status'), filter, refresh),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'deliveries' },
        h('caption', { class: 'visually-hidden' }, 'Deliveries, newest first'),
        h(
          'thead',
          {},
          h('tr', {}, ['Event', 'Endpoint', 'Status', 'Attempts', 'Time'].map((name) => h('th', { scope: 'col' }, name)), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Details'))),
        ),
        rows,
      ),
    ),
    empty,
    more,
    status,
  );
  load({ append: false }).catch((error) => {
    if (!blockedBy(error)) say(status, error.message, 'error');
  });
  return section;
}
