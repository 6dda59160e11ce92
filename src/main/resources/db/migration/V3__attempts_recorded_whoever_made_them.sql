-- Every attempt that was made is recorded, also one by a replica whose lease ran out meanwhile (its
-- outcome no longer counts, its attempt still happened), so two rows may share a delivery and number.
ALTER TABLE delivery_attempt DROP CONSTRAINT delivery_attempt_pkey;
ALTER TABLE delivery_attempt ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
CREATE INDEX delivery_attempt_by_delivery ON delivery_attempt (delivery_id, number);
