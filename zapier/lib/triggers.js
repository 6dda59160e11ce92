'use strict';

// One REST-hook trigger per HeadshotPro event type, all built by `modelEventTrigger`.

const { baseUrl } = require('./http');
const { rejection } = require('./signature');

const EVENTS = [
  {
    event: 'model.created',
    label: 'New Model',
    description: 'Triggers when a new model (photo shoot) is created in your organization.',
  },
  {
    event: 'model.status.updated',
    label: 'Model Status Updated',
    description: "Triggers when a model's status changes (e.g. training started, finished, error).",
  },
  {
    event: 'model.photos_ready',
    label: 'Headshots Ready',
    description: 'Triggers when the headshots of a model have been generated and are ready to view.',
  },
  {
    event: 'model.favorite_selected',
    label: 'Favorite Headshot Selected',
    description: 'Triggers when a team member selects their favorite headshot.',
  },
  {
    event: 'model.deleted',
    label: 'Model Deleted',
    description: 'Triggers when a model is deleted.',
  },
];

// "model.status.updated" -> "model_status_updated"
const triggerKey = (event) => event.replace(/\./g, '_');

// Same shape as the webhook payload (SPEC section 5); used by Zapier until real data exists.
const sampleFor = (event) => {
  const sample = {
    id: 'evt_3f2b8c1e-9a4d-4e6b-8f1a-2c5d7e9b0a13',
    event,
    createdAt: '2024-01-15T12:00:00.000Z',
    objectType: 'model',
    object: {
      _id: '65a5172f9c8e4b0012a3b4c5',
      uid: 'jane-doe-7f3a',
      title: 'Jane Doe',
      trigger: 'jane',
      status: event === 'model.created' ? 'pending' : 'active',
      finishedAt: event === 'model.created' ? null : '2024-01-15T11:58:00.000Z',
      createdAt: '2024-01-15T10:00:00.000Z',
      organization: '6501f0c2d4e5f60012345678',
    },
  };
  if (event === 'model.favorite_selected') {
    sample.favoritePhoto = {
      id: '65a51a2b9c8e4b0012a3b4d6',
      urls: {
        preview: 'https://cdn.headshotpro.com/sample/preview.jpg',
        transparent: 'https://cdn.headshotpro.com/sample/transparent.png',
        pfp: 'https://cdn.headshotpro.com/sample/pfp.png',
      },
      expiresAt: '2024-02-15T12:00:00.000Z',
    };
  }
  return sample;
};

// Zapier flattens nested keys with "__" (object._id -> object___id).
const outputFieldsFor = (event) => {
  const fields = [
    { key: 'id', label: 'Event ID' },
    { key: 'event', label: 'Event Type' },
    { key: 'createdAt', label: 'Event Time', type: 'datetime' },
    { key: 'objectType', label: 'Object Type' },
    { key: 'object___id', label: 'Model ID' },
    { key: 'object__uid', label: 'Model UID' },
    { key: 'object__title', label: 'Model Title' },
    { key: 'object__trigger', label: 'Model Trigger Word' },
    { key: 'object__status', label: 'Model Status' },
    { key: 'object__finishedAt', label: 'Model Finished At', type: 'datetime' },
    { key: 'object__createdAt', label: 'Model Created At', type: 'datetime' },
    { key: 'object__organization', label: 'Organization ID' },
  ];
  if (event === 'model.favorite_selected') {
    fields.push(
      { key: 'favoritePhoto__id', label: 'Favorite Photo ID' },
      { key: 'favoritePhoto__urls__preview', label: 'Favorite Photo Preview URL' },
      { key: 'favoritePhoto__urls__transparent', label: 'Favorite Photo Transparent URL' },
      { key: 'favoritePhoto__urls__pfp', label: 'Favorite Photo Profile Picture URL' },
      { key: 'favoritePhoto__expiresAt', label: 'Favorite Photo Links Expire At', type: 'datetime' },
    );
  }
  return fields;
};

const modelEventTrigger = ({ event, label, description }) => {
  const performSubscribe = async (z, bundle) => {
    const response = await z.request({
      url: `${baseUrl()}/zapier/v1/hooks`,
      method: 'POST',
      body: { targetUrl: bundle.targetUrl, event },
    });
    // Stored by Zapier as bundle.subscribeData, the subscription's signing secret with it: every hook
    // is verified with it before the Zap triggers.
    const { id, targetUrl, secret } = response.data;
    return { id, targetUrl, event: response.data.event, secret };
  };

  const performUnsubscribe = async (z, bundle) => {
    const id = bundle.subscribeData && bundle.subscribeData.id;
    if (!id) {
      throw new z.errors.Error('No subscription id to unsubscribe', 'InvalidData', 400);
    }
    await z.request({
      url: `${baseUrl()}/zapier/v1/hooks/${encodeURIComponent(id)}`,
      method: 'DELETE',
    });
    return { id };
  };

  // The service POSTs one event payload per request, signed with this subscription's secret. Anything
  // else that reaches the hook URL (a forged, altered or replayed request) triggers nothing.
  const perform = (z, bundle) => {
    const secret = bundle.subscribeData && bundle.subscribeData.secret;
    const reason = rejection(secret, bundle.rawRequest);
    if (reason) {
      z.console.log(`Ignored a request to the ${event} hook: ${reason}`);
      return [];
    }
    return [bundle.cleanedRequest];
  };

  // Sample data while building a Zap: the organization's latest payloads of this
  // type, newest first (the service returns a made-up one when there are none).
  const performList = async (z) => {
    const response = await z.request({
      url: `${baseUrl()}/zapier/v1/events`,
      params: { event, limit: 3 },
    });
    return response.data;
  };

  return {
    key: triggerKey(event),
    noun: 'Model',
    display: { label, description },
    operation: {
      type: 'hook',
      performSubscribe,
      performUnsubscribe,
      perform,
      performList,
      sample: sampleFor(event),
      outputFields: outputFieldsFor(event),
    },
  };
};

const triggers = Object.fromEntries(
  EVENTS.map((spec) => {
    const trigger = modelEventTrigger(spec);
    return [trigger.key, trigger];
  }),
);

module.exports = { EVENTS, triggerKey, modelEventTrigger, triggers };
