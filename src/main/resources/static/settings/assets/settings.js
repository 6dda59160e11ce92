// Admin > API Settings. The host web app opens this page as /settings/api#token=<the user's JWT>: the
// token is taken from the fragment (which never reaches a server), removed from the address bar, and
// kept in this module's memory only. Everything the page shows comes from the admin API.

import { ApiError, createApi } from './api.js';
import { confirmAction, fill, h, time } from './dom.js';
import { deliveriesSection } from './deliveries.js';
import { endpointsSection } from './endpoints.js';
import { zapierSection } from './zapier.js';

const MESSAGES = {
  missingToken:
    'No sign-in was passed to this page. Open it from HeadshotPro: Admin > API.',
  expired: 'Your session has expired. Sign in to HeadshotPro again, then open Admin > API.',
  notTeamLead: 'Only users with the TeamLead role can view or change these settings.',
  apiFeatureOff: 'Webhook settings require your organization to have the API feature enabled. Contact support.',
};

const app = document.getElementById('app');
const notice = document.getElementById('notice');

const token = takeToken();
const api = token ? createApi(token) : null;

/** Values shown once (a new secret or key): removed from the page as soon as the user moves on. */
const shownOnce = new Set();

function takeToken() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const value = fragment.get('token');
  if (window.location.hash) {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return value && value.trim() ? value.trim() : null;
}

/** Ends the page with a message instead of the settings: the token is missing, expired or not enough. */
function block(message) {
  forgetShownValues();
  app.replaceChildren();
  app.removeAttribute('aria-busy');
  fill(notice, message);
  notice.hidden = false;
}

/** What an API error means for the whole page, if anything; true when the page was blocked. */
function blockedBy(error) {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 401) {
    block(MESSAGES.expired);
    return true;
  }
  if (error.status === 403) {
    block(error.title === 'API feature not enabled' ? MESSAGES.apiFeatureOff : MESSAGES.notTeamLead);
    return true;
  }
  return false;
}

/** Shows the outcome of an action in a section's status line. */
function say(element, text, kind = 'info') {
  element.className = `status-line ${kind}`;
  fill(element, text);
}

/** Runs an action for a button: busy while it runs, page-level errors handled, others said beside it. */
async function act(button, statusLine, action) {
  forgetShownValues();
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    await action();
  } catch (error) {
    if (!blockedBy(error)) {
      say(statusLine, error.message, 'error');
    }
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

function forgetShownValues() {
  for (const element of shownOnce) element.remove();
  shownOnce.clear();
}

/** A value shown once, with Copy and the warning; it leaves the page on Done or the next action. */
function showOnce(container, { label, value, warning }) {
  forgetShownValues();
  const copied = h('span', { class: 'status-line success', role: 'status' });
  const code = h('code', { class: 'secret', id: 'shown-once-value' }, value);
  const block = h(
    'div',
    { class: 'once', role: 'group', 'aria-label': label },
    h('p', { class: 'warning' }, h('strong', {}, 'Shown only once. '), warning),
    h('div', { class: 'secret-row' }, code),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          onclick: async () => {
            fill(copied, (await copy(value)) ? 'Copied to the clipboard.' : 'Select the text and copy it.');
          },
        },
        'Copy',
      ),
      h('button', { type: 'button', class: 'secondary', onclick: () => forgetShownValues() }, 'Done'),
      copied,
    ),
  );
  container.append(block);
  shownOnce.add(block);
  block.querySelector('button').focus();
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (e) {
    return false;
  }
}

// ---------------------------------------------------------------- sections

function webhookSection(settings, reload) {
  const webhook = settings.webhook;
  const status = h('p', { class: 'status-line', role: 'status', id: 'webhook-status' });
  const urlError = h('p', { class: 'field-error', id: 'webhook-url-error', hidden: true });
  const input = h('input', {
    id: 'webhook-url',
    name: 'url',
    type: 'url',
    inputmode: 'url',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'https://example.com/webhooks/headshotpro',
    required: true,
    'aria-describedby': 'webhook-url-hint webhook-url-error',
  });
  input.value = webhook.url || '';
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save');
  const secretArea = h('div', { class: 'secret-area' });

  const form = h(
    'form',
    {
      class: 'field-form',
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        urlError.hidden = true;
        input.removeAttribute('aria-invalid');
        act(save, status, async () => {
          try {
            const saved = await api.saveWebhook(input.value.trim());
            await reload({ focus: null });
            if (saved.newSecret) {
              showOnceUnderSecret(saved.newSecret);
              say(currentStatus(), 'Saved. HeadshotPro now sends events to this URL.', 'success');
            } else {
              say(currentStatus(), 'Saved.', 'success');
            }
          } catch (error) {
            const message = error instanceof ApiError ? error.fieldMessage('url') : null;
            if (!message) throw error;
            fill(urlError, `This URL ${message}.`);
            urlError.hidden = false;
            input.setAttribute('aria-invalid', 'true');
            input.focus();
          }
        });
      },
    },
    h('label', { for: 'webhook-url' }, 'Webhook URL'),
    h('div', { class: 'input-row' }, input, save),
    h('p', { class: 'hint', id: 'webhook-url-hint' }, 'A publicly reachable HTTPS URL. HeadshotPro POSTs a signed JSON payload to it whenever something happens to a model in your organization.'),
    urlError,
  );

  const regenerate = h('button', { type: 'button', disabled: !webhook.url }, 'Regenerate Secret');
  regenerate.addEventListener('click', async () => {
    const sure = await confirmAction({
      title: 'Regenerate the webhook secret?',
      text: 'The current secret stops working at once: every later request, retries of earlier events included, is signed with the new one. Update your receiving endpoint right after.',
      confirm: 'Regenerate Secret',
    });
    if (!sure) return;
    act(regenerate, status, async () => {
      const created = await api.regenerateSecret();
      await reload({ focus: null });
      showOnceUnderSecret(created.secret);
      say(currentStatus(), 'A new secret is in use. The old one no longer works.', 'success');
    });
  });

  const test = h('button', { type: 'button', disabled: !webhook.url }, 'Send test event');
  test.addEventListener('click', () =>
    act(test, status, async () => {
      const sent = await api.sendTestEvent();
      say(status, `A signed webhook.test event (${sent.eventId}) is on its way. It shows in Deliveries below.`, 'success');
    }),
  );

  const remove = h('button', { type: 'button', class: 'danger', disabled: !webhook.url }, 'Remove webhook');
  remove.addEventListener('click', async () => {
    const sure = await confirmAction({
      title: 'Remove the webhook?',
      text: 'HeadshotPro stops sending events to this URL, and deliveries still waiting for it are cancelled. The secret is removed with it.',
      confirm: 'Remove webhook',
    });
    if (!sure) return;
    act(remove, status, async () => {
      await api.removeWebhook();
      await reload({ focus: 'webhook-url' });
      say(currentStatus(), 'The webhook was removed.', 'success');
    });
  });

  function showOnceUnderSecret(value) {
    showOnce(document.querySelector('#webhook-secret .secret-area'), {
      label: 'New webhook secret',
      value,
      warning: 'Copy this secret and store it where your endpoint can use it: HeadshotPro will not show it again.',
    });
  }

  /** The section's status line as it is after a reload re-rendered the section. */
  function currentStatus() {
    return document.getElementById('webhook-status');
  }

  const secret = webhook.secret || { exists: false };
  return h(
    'section',
    { class: 'card', id: 'webhook-settings', 'aria-labelledby': 'webhook-settings-title' },
    h('h2', { id: 'webhook-settings-title' }, 'Webhook Settings'),
    disabledNotice(webhook),
    form,
    h(
      'div',
      { class: 'subsection', id: 'webhook-secret' },
      h('h3', {}, 'Webhook Secret'),
      h(
        'p',
        { class: 'secret-status' },
        secret.exists
          ? ['A secret exists, created ', time(secret.createdAt), '. It is never shown again; regenerate it if you lost it.']
          : 'No secret yet: one is made when you first save a URL, and shown once.',
      ),
      secretArea,
    ),
    h('div', { class: 'actions' }, regenerate, test, remove),
    status,
  );
}

function disabledNotice(webhook) {
  if (!webhook.disabled) return null;
  return h(
    'div',
    { class: 'banner error', role: 'note' },
    h('strong', {}, 'Disabled. '),
    'Deliveries to this webhook stopped ',
    time(webhook.disabled.at),
    `: ${webhook.disabled.reason} Save the URL again to enable it.`,
  );
}

function apiKeySection(settings, reload) {
  const key = settings.apiKey || { exists: false };
  const status = h('p', { class: 'status-line', role: 'status' });
  const area = h('div', { class: 'secret-area' });
  const button = h('button', { type: 'button', class: key.exists ? '' : 'primary' }, key.exists ? 'Regenerate API key' : 'Create API key');
  button.addEventListener('click', async () => {
    if (key.exists) {
      const sure = await confirmAction({
        title: 'Regenerate the API key?',
        text: 'The current key stops working at once, and every Zapier subscription made with it ends: Zapier connections that use it must be reconnected with the new one.',
        confirm: 'Regenerate API key',
      });
      if (!sure) return;
    }
    act(button, status, async () => {
      const created = await api.createApiKey();
      await reload({ focus: null });
      showOnce(document.querySelector('#api-key .secret-area'), {
        label: 'New API key',
        value: created.apiKey,
        warning: 'Copy this key now and paste it into Zapier when it asks for your HeadshotPro API key: it will not be shown again.',
      });
    });
  });
  return h(
    'section',
    { class: 'card', id: 'api-key', 'aria-labelledby': 'api-key-title' },
    h('h2', { id: 'api-key-title' }, 'API Key'),
    h('p', {}, 'The organization API key connects the HeadshotPro Zapier app to your organization.'),
    h(
      'p',
      { class: 'secret-status' },
      key.exists ? ['An API key exists, created ', time(key.createdAt), '.'] : 'No API key yet.',
    ),
    area,
    h('div', { class: 'actions' }, button),
    status,
  );
}

// ---------------------------------------------------------------- the page

async function render({ focus } = {}) {
  const settings = await api.settings();
  const reload = (options) => render(options);
  app.replaceChildren(
    h(
      'div',
      { class: 'grid' },
      h('div', { class: 'column' }, webhookSection(settings, reload), endpointsSection({ api, act, say, blockedBy, showOnce })),
      h('div', { class: 'side' }, apiKeySection(settings, reload), zapierSection({ settings, api, act, say, blockedBy })),
    ),
    deliveriesSection({ api, act, say, blockedBy }),
  );
  app.removeAttribute('aria-busy');
  if (focus) document.getElementById(focus)?.focus();
}

async function start() {
  if (!token) {
    block(MESSAGES.missingToken);
    return;
  }
  try {
    await render();
  } catch (error) {
    if (!blockedBy(error)) {
      block(error instanceof ApiError ? error.message : 'The settings could not be loaded. Reload the page to try again.');
    }
  }
}

// A value shown once does not outlive the page, not even in the back-forward cache.
window.addEventListener('pagehide', forgetShownValues);

start();
