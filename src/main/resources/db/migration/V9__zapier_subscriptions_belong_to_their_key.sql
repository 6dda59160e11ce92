-- Each API key has an id of its own, new whenever the key is replaced, so that what a key made can be
-- told from what its successor makes.
ALTER TABLE api_key ADD COLUMN key_id uuid;
UPDATE api_key SET key_id = gen_random_uuid();
ALTER TABLE api_key ALTER COLUMN key_id SET NOT NULL;
ALTER TABLE api_key ADD CONSTRAINT api_key_key_id_unique UNIQUE (key_id);

-- A Zapier subscription belongs to the key that made it: replacing the key ends it.
ALTER TABLE endpoint ADD COLUMN api_key_id uuid;
ALTER TABLE endpoint ADD CONSTRAINT endpoint_api_key_only_for_zapier CHECK (kind = 'ZAPIER' OR api_key_id IS NULL);

-- Subscriptions made before keys were recorded: which key made a live one cannot be known (one made with
-- an earlier key survived that key's replacement until now), so each is taken to belong to its
-- organization's current key. Zapier keeps working with the key it has now, and every one of them ends when
-- that key is replaced. Removed subscriptions keep NULL, and so do live ones of an organization without a
-- key; replacing a key ends every subscription not made with the new one, NULL included.
UPDATE endpoint e
   SET api_key_id = k.key_id
  FROM api_key k
 WHERE k.organization_id = e.organization_id
   AND e.kind = 'ZAPIER'
   AND e.deleted_at IS NULL;
