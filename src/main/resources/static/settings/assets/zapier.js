// The Zapier section: the Connect link and the organization's live Zapier subscriptions (event, target,
// when made), each with Remove, which asks first. Zapier makes and ends subscriptions itself when Zaps
// are turned on and off; Remove is for one nobody can turn off any more.

import { confirmAction, h, time } from './dom.js';

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch (e) {
    return url;
  }
}

export function zapierSection({ settings, api, act, say, blockedBy }) {
  const status = h('p', { class: 'status-line', role: 'status', id: 'zapier-status' });
  const list = h('ul', { class: 'subscriptions', 'aria-labelledby': 'zapier-subscriptions-title' });
  const empty = h('p', { class: 'empty', hidden: true }, 'No Zapier subscriptions. Turning on a Zap in Zapier makes one.');
  const heading = h('h3', { id: 'zapier-subscriptions-title', tabindex: '-1' }, 'Subscriptions');

  async function load() {
    const page = await api.zapierSubscriptions();
    list.replaceChildren(...page.items.map(item));
    empty.hidden = page.items.length > 0;
  }

  function item(subscription) {
    const host = hostOf(subscription.targetUrl);
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'danger',
        'aria-label': `Remove the ${subscription.event} subscription to ${host}`,
      },
      'Remove',
    );
    remove.addEventListener('click', async () => {
      const sure = await confirmAction({
        title: 'Remove this Zapier subscription?',
        text: `HeadshotPro stops sending ${subscription.event} events to ${host}, and deliveries still waiting for it are cancelled. The Zap that made it stops triggering until it is turned on again.`,
        confirm: 'Remove subscription',
      });
      if (!sure) return;
      act(remove, status, async () => {
        await api.removeZapierSubscription(subscription.id);
        await load();
        say(status, `The ${subscription.event} subscription to ${host} was removed.`, 'success');
        heading.focus(); // the button that had the focus is gone with its subscription
      });
    });
    return h(
      'li',
      { 'data-subscription': subscription.id },
      h(
        'div',
        { class: 'subscription' },
        h('span', { class: 'event' }, subscription.event),
        h('span', { class: 'target', title: subscription.targetUrl }, host),
        h('small', {}, 'Made ', time(subscription.createdAt)),
      ),
      remove,
    );
  }

  const section = h(
    'section',
    { class: 'card', id: 'zapier', 'aria-labelledby': 'zapier-title' },
    h('h2', { id: 'zapier-title' }, 'Zapier'),
    h(
      'p',
      {},
      'Build Zaps that trigger on HeadshotPro events and connect to 5,000+ apps. Zapier signs in with the organization API key above.',
    ),
    h(
      'a',
      { class: 'button primary', href: settings.zapier.connectUrl, target: '_blank', rel: 'noopener noreferrer' },
      'Connect',
    ),
    h(
      'div',
      { class: 'subsection' },
      heading,
      h('p', { class: 'hint' }, 'Where your Zaps receive events. Regenerating the API key ends them all.'),
      list,
      empty,
      status,
    ),
  );
  load().catch((error) => {
    if (!blockedBy(error)) say(status, error.message, 'error');
  });
  return section;
}
