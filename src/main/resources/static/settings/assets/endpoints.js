// The Endpoints section, under Webhook Settings: the organization's endpoints beside its webhook (URL,
// description, the event types each wants as chips, its pace, enabled or disabled and why), each with
// Send test event, Regenerate secret, Disable or Enable and Remove, and Add endpoint. A new secret is
// shown once, under its endpoint, as the webhook's is. The webhook has its own section above and the
// Zapier subscriptions theirs, so the list shows the endpoints of kind "endpoint" only.

import { ApiError } from './api.js';
import { confirmAction, fill, h, time } from './dom.js';

/** The event types an endpoint may ask for: the service's model event types (ModelEventType). */
export const EVENT_TYPES = [
  'model.created',
  'model.status.updated',
  'model.photos_ready',
  'model.favorite_selected',
  'model.deleted',
];

/** The form's fields as the API names them, and how a refusal of each is put in words. */
const FIELDS = {
  url: 'This URL',
  description: 'The description',
  eventTypes: 'The event types',
  maxPerSecond: 'Max per second',
};

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch (e) {
    return url;
  }
}

/** "5/s", "5/s (slowed to 2/s)", "No limit". */
export function paceText(endpoint) {
  const max = endpoint.maxPerSecond;
  const current = endpoint.currentPerSecond;
  const pace = max === null || max === undefined ? 'No limit' : `${max}/s`;
  return current !== null && current !== undefined && current !== max ? `${pace} (slowed to ${current}/s)` : pace;
}

export function endpointsSection({ api, act, say, blockedBy, showOnce }) {
  const status = h('p', { class: 'status-line', role: 'status', id: 'endpoints-status' });
  const list = h('ul', { class: 'endpoints', 'aria-labelledby': 'endpoints-list-title' });
  const empty = h('p', { class: 'empty', hidden: true }, 'No endpoints yet. Add one below to send the events you choose to another URL.');
  const heading = h('h3', { id: 'endpoints-list-title', tabindex: '-1' }, 'Your endpoints');

  async function load() {
    const page = await api.endpoints();
    const own = page.items.filter((endpoint) => endpoint.kind === 'endpoint');
    list.replaceChildren(...own.map(item));
    empty.hidden = own.length > 0;
  }

  /** The element of one endpoint, as the list is now. */
  function find(id, selector) {
    return list.querySelector(`li[data-endpoint="${CSS.escape(id)}"] ${selector}`);
  }

  function showSecret(id, value) {
    showOnce(find(id, '.secret-area'), {
      label: 'New endpoint secret',
      value,
      warning: 'Copy this secret and store it where this endpoint can use it: HeadshotPro will not show it again.',
    });
  }

  function item(endpoint) {
    const host = hostOf(endpoint.url);

    const test = h(
      'button',
      { type: 'button', disabled: !endpoint.enabled, 'aria-label': `Send test event to ${host}` },
      'Send test event',
    );
    test.addEventListener('click', () =>
      act(test, status, async () => {
        const sent = await api.sendEndpointTestEvent(endpoint.id);
        say(status, `A signed webhook.test event (${sent.eventId}) is on its way to ${host}. It shows in Deliveries below.`, 'success');
      }),
    );

    const regenerate = h('button', { type: 'button', 'aria-label': `Regenerate secret of ${host}` }, 'Regenerate secret');
    regenerate.addEventListener('click', async () => {
      const sure = await confirmAction({
        title: 'Regenerate this endpoint’s secret?',
        text: `The current secret of ${host} stops working at once: every later request to it, retries of earlier events included, is signed with the new one. Update that endpoint right after.`,
        confirm: 'Regenerate secret',
      });
      if (!sure) return;
      act(regenerate, status, async () => {
        const created = await api.regenerateEndpointSecret(endpoint.id);
        await load();
        showSecret(endpoint.id, created.newSecret);
        say(status, `A new secret is in use for ${host}. The old one no longer works.`, 'success');
      });
    });

    const toggle = h(
      'button',
      { type: 'button', class: 'toggle', 'aria-label': `${endpoint.enabled ? 'Disable' : 'Enable'} ${host}` },
      endpoint.enabled ? 'Disable' : 'Enable',
    );
    toggle.addEventListener('click', async () => {
      if (endpoint.enabled) {
        const sure = await confirmAction({
          title: 'Disable this endpoint?',
          text: `HeadshotPro stops sending events to ${host}, and deliveries still waiting for it are cancelled. Enable it again to send new events.`,
          confirm: 'Disable',
        });
        if (!sure) return;
      }
      act(toggle, status, async () => {
        await api.changeEndpoint(endpoint.id, { enabled: !endpoint.enabled });
        await load();
        say(status, endpoint.enabled ? `${host} is disabled.` : `${host} is enabled: new events are sent to it again.`, 'success');
        find(endpoint.id, 'button.toggle')?.focus(); // the button that had the focus was replaced with the list
      });
    });

    const remove = h('button', { type: 'button', class: 'danger', 'aria-label': `Remove ${host}` }, 'Remove');
    remove.addEventListener('click', async () => {
      const sure = await confirmAction({
        title: 'Remove this endpoint?',
        text: `HeadshotPro stops sending events to ${host}, and deliveries still waiting for it are cancelled. Its secret is removed with it.`,
        confirm: 'Remove endpoint',
      });
      if (!sure) return;
      act(remove, status, async () => {
        await api.removeEndpoint(endpoint.id);
        await load();
        say(status, `The endpoint ${host} was removed.`, 'success');
        heading.focus(); // the button that had the focus is gone with its endpoint
      });
    });

    return h(
      'li',
      { 'data-endpoint': endpoint.id },
      h('p', { class: 'endpoint-url' }, endpoint.url),
      endpoint.description ? h('p', { class: 'description' }, endpoint.description) : null,
      h(
        'dl',
        { class: 'endpoint-facts' },
        h('dt', {}, 'Events'),
        h(
          'dd',
          {},
          h(
            'ul',
            { class: 'chips' },
            endpoint.eventTypes === null
              ? h('li', { class: 'chip all' }, 'All events')
              : endpoint.eventTypes.map((type) => h('li', { class: 'chip' }, type)),
          ),
        ),
        h('dt', {}, 'Pace'),
        h('dd', { class: 'pace' }, paceText(endpoint)),
        h('dt', {}, 'Status'),
        h(
          'dd',
          {},
          endpoint.enabled
            ? h('span', { class: 'badge enabled' }, 'Enabled')
            : [h('span', { class: 'badge disabled' }, 'Disabled'), ' since ', time(endpoint.disabled.at), `: ${endpoint.disabled.reason}`],
        ),
      ),
      h('div', { class: 'secret-area' }),
      h('div', { class: 'actions' }, test, regenerate, toggle, remove),
    );
  }

  // ------------------------------------------------------------ Add endpoint

  const add = h('button', { type: 'submit', class: 'primary' }, 'Add endpoint');
  const errors = {};
  const controls = {};

  function field(name, id, label, attributes, hint) {
    errors[name] = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    controls[name] = h('input', { id, name, 'aria-describedby': `${hint ? `${id}-hint ` : ''}${id}-error`, ...attributes });
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      controls[name],
      hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
      errors[name],
    );
  }

  const checkboxes = EVENT_TYPES.map((type, index) =>
    h('input', { type: 'checkbox', id: `endpoint-event-${index}`, name: 'eventTypes', value: type }),
  );
  errors.eventTypes = h('p', { class: 'field-error', id: 'endpoint-events-error', hidden: true });
  controls.eventTypes = h(
    'fieldset',
    { class: 'event-types', 'aria-describedby': 'endpoint-events-hint endpoint-events-error' },
    h('legend', {}, 'Event types'),
    checkboxes.map((box, index) => h('div', { class: 'check' }, box, h('label', { for: box.id }, EVENT_TYPES[index]))),
  );

  function clearErrors() {
    for (const name of Object.keys(FIELDS)) {
      errors[name].hidden = true;
      controls[name].removeAttribute('aria-invalid');
    }
  }

  function showError(name, message) {
    fill(errors[name], `${FIELDS[name]} ${message}.`);
    errors[name].hidden = false;
    controls[name].setAttribute('aria-invalid', 'true');
  }

  /** The fields a refusal names, said under each; false when it names none of them. */
  function showFieldErrors(error) {
    const named = Object.keys(FIELDS).filter((name) => error instanceof ApiError && error.fieldMessage(name));
    for (const name of named) showError(name, error.fieldMessage(name));
    if (!named.length) return false;
    focusField(named[0]);
    return true;
  }

  function focusField(name) {
    (name === 'eventTypes' ? checkboxes[0] : controls[name]).focus();
  }

  const form = h(
    'form',
    {
      class: 'field-form add-endpoint',
      novalidate: true,
      'aria-labelledby': 'add-endpoint-title',
      onsubmit: (event) => {
        event.preventDefault();
        clearErrors();
        const pace = controls.maxPerSecond.value.trim();
        if (controls.maxPerSecond.validity.badInput || (pace && !/^[0-9]+$/.test(pace))) {
          showError('maxPerSecond', 'must be a whole number from 1 to 1000, or empty for no limit');
          focusField('maxPerSecond');
          return;
        }
        const chosen = checkboxes.filter((box) => box.checked).map((box) => box.value);
        const wanted = {
          url: controls.url.value.trim(),
          description: controls.description.value.trim() || null,
          eventTypes: chosen.length ? chosen : null,
          maxPerSecond: pace ? Number(pace) : null,
        };
        act(add, status, async () => {
          let created;
          try {
            created = await api.createEndpoint(wanted);
          } catch (error) {
            if (!showFieldErrors(error)) throw error;
            return;
          }
          form.reset();
          await load();
          showSecret(created.id, created.newSecret);
          say(
            status,
            `Added. HeadshotPro now sends ${created.eventTypes === null ? 'every event' : created.eventTypes.join(', ')} to ${hostOf(created.url)}.`,
            'success',
          );
        });
      },
    },
    h('h3', { id: 'add-endpoint-title' }, 'Add endpoint'),
    field('url', 'endpoint-url', 'Endpoint URL', {
      type: 'url',
      inputmode: 'url',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: 'https://example.com/webhooks/headshotpro',
      required: true,
    }, 'A publicly reachable HTTPS URL, checked as the webhook URL is. It gets its own signing secret.'),
    field('description', 'endpoint-description', 'Description', { type: 'text', maxlength: '500', autocomplete: 'off' }, 'Optional: what this endpoint is for.'),
    controls.eventTypes,
    h('p', { class: 'hint', id: 'endpoint-events-hint' }, 'None checked: every event, including event types added later.'),
    errors.eventTypes,
    field('maxPerSecond', 'endpoint-max-per-second', 'Max per second', {
      type: 'number',
      inputmode: 'numeric',
      min: '1',
      max: '1000',
      step: '1',
    }, 'Optional, 1 to 1000: the most requests a second this endpoint is sent. Empty for no limit.'),
    h('div', { class: 'actions' }, add),
  );

  const section = h(
    'section',
    { class: 'card', id: 'endpoints', 'aria-labelledby': 'endpoints-title' },
    h('h2', { id: 'endpoints-title' }, 'Endpoints'),
    h(
      'p',
      {},
      'More URLs beside the webhook, each with the events it wants, its own secret, and the pace it can take. The webhook above gets every event.',
    ),
    h('div', { class: 'subsection' }, heading, list, empty, status),
    h('div', { class: 'subsection' }, form),
  );
  load().catch((error) => {
    if (!blockedBy(error)) say(status, error.message, 'error');
  });
  return section;
}
