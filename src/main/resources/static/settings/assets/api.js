// The admin API as the page calls it: the user's token in the Authorization header only (never in a
// URL, never stored), and every error turned into an ApiError carrying the RFC 9457 problem.

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `The request failed (HTTP ${status}).`);
    this.status = status;
    this.problem = problem || {};
  }

  /** The message for one field of the request, if the problem names it. */
  fieldMessage(field) {
    const errors = Array.isArray(this.problem.errors) ? this.problem.errors : [];
    const error = errors.find((e) => e.field === field);
    return error ? error.message : null;
  }

  get title() {
    return this.problem.title || '';
  }
}

export function createApi(token) {
  async function call(method, path, body) {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch (e) {
      throw new ApiError(0, { title: 'Network error', detail: 'The service could not be reached. Check your connection and try again.' });
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = null;
      }
    }
    if (!response.ok) {
      throw new ApiError(response.status, data);
    }
    return data;
  }

  return {
    settings: () => call('GET', '/api/v1/settings'),
    saveWebhook: (url) => call('PUT', '/api/v1/settings/webhook', { url }),
    removeWebhook: () => call('DELETE', '/api/v1/settings/webhook'),
    regenerateSecret: () => call('POST', '/api/v1/settings/webhook/secret'),
    createApiKey: () => call('POST', '/api/v1/settings/api-key'),
    sendTestEvent: () => call('POST', '/api/v1/webhooks/test'),
    endpoints: () => call('GET', '/api/v1/endpoints'),
    createEndpoint: (endpoint) => call('POST', '/api/v1/endpoints', endpoint),
    changeEndpoint: (id, change) => call('PATCH', `/api/v1/endpoints/${encodeURIComponent(id)}`, change),
    removeEndpoint: (id) => call('DELETE', `/api/v1/endpoints/${encodeURIComponent(id)}`),
    regenerateEndpointSecret: (id) => call('POST', `/api/v1/endpoints/${encodeURIComponent(id)}/secret`),
    sendEndpointTestEvent: (id) => call('POST', `/api/v1/endpoints/${encodeURIComponent(id)}/test`),
    deliveries: ({ status, cursor }) => {
      const query = new URLSearchParams({ limit: '20' });
      if (status) query.set('status', status);
      if (cursor) query.set('cursor', cursor);
      return call('GET', `/api/v1/webhooks/deliveries?${query}`);
    },
    delivery: (id) => call('GET', `/api/v1/webhooks/deliveries/${encodeURIComponent(id)}`),
    redeliver: (id) => call('POST', `/api/v1/webhooks/deliveries/${encodeURIComponent(id)}/redeliver`),
    zapierSubscriptions: () => call('GET', '/api/v1/zapier/subscriptions'),
    removeZapierSubscription: (id) => call('DELETE', `/api/v1/zapier/subscriptions/${encodeURIComponent(id)}`),
  };
}
