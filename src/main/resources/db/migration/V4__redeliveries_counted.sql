-- Manual redeliveries of each delivery, counted so that hooks.delivery.max-redeliveries can cap them.
ALTER TABLE delivery ADD COLUMN redeliveries integer NOT NULL DEFAULT 0;
