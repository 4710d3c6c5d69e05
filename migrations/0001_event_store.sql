-- The event store: streams, events, and the append function.
-- Global order is (transaction_id, global_position): a reader only reads events whose
-- transaction id is below the oldest transaction still running (pg_snapshot_xmin), so an
-- event committed late with a low sequence number can never be skipped.

CREATE TABLE es_streams (
  stream_id  text PRIMARY KEY,
  version    bigint NOT NULL,            -- last 0-based version; -1 while the stream has no event
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE es_events (
  global_position bigserial NOT NULL,
  transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text NOT NULL,
  stream_version  bigint NOT NULL,
  event_id        uuid NOT NULL,
  type            text NOT NULL,
  schema_version  integer NOT NULL,
  data            jsonb NOT NULL,
  metadata        jsonb NOT NULL,
  trading_day     date,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (transaction_id, global_position),
  CONSTRAINT es_events_stream_version UNIQUE (stream_id, stream_version),
  CONSTRAINT es_events_stream_event_id UNIQUE (stream_id, event_id)
);

-- Any trading day's range of events, in global order.
CREATE INDEX es_events_trading_day ON es_events (trading_day, transaction_id, global_position)
  WHERE trading_day IS NOT NULL;

-- Appends one batch atomically, in one round trip.
--   p_expected: 'any' | 'no_stream' | 'stream_exists' | a version number as text.
-- Raises SQLSTATE 'ES001' (wrong expected version; DETAIL is the actual version) or
-- 'ES002' (some but not all event ids already stored; DETAIL lists them).
-- When every event id is already in the stream, writes nothing and returns the stored
-- position of the last of them with duplicate = true.
CREATE FUNCTION es_append(
  p_stream text, p_expected text, p_ids uuid[], p_types text[], p_versions integer[],
  p_data jsonb[], p_metadata jsonb[], p_days date[]
) RETURNS TABLE (next_version bigint, tx xid8, pos bigint, duplicate boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_current bigint;
  v_found   uuid[];
  v_n       integer := cardinality(p_ids);
  v_tx      xid8;
  v_pos     bigint;
BEGIN
  INSERT INTO es_streams (stream_id, version) VALUES (p_stream, -1) ON CONFLICT (stream_id) DO NOTHING;
  SELECT s.version INTO v_current FROM es_streams s WHERE s.stream_id = p_stream FOR UPDATE;

  SELECT array_agg(e.event_id) INTO v_found FROM es_events e
   WHERE e.stream_id = p_stream AND e.event_id = ANY (p_ids);
  IF cardinality(v_found) = v_n THEN
    RETURN QUERY
      SELECT v_current, e.transaction_id, e.global_position, true FROM es_events e
       WHERE e.stream_id = p_stream AND e.event_id = ANY (p_ids)
       ORDER BY e.stream_version DESC LIMIT 1;
    RETURN;
  ELSIF cardinality(v_found) > 0 THEN
    RAISE EXCEPTION 'idempotency conflict on %', p_stream USING ERRCODE = 'ES002', DETAIL = array_to_string(v_found, ',');
  END IF;

  IF (p_expected = 'no_stream' AND v_current <> -1)
     OR (p_expected = 'stream_exists' AND v_current = -1)
     OR (p_expected NOT IN ('any', 'no_stream', 'stream_exists') AND v_current <> p_expected::bigint) THEN
    RAISE EXCEPTION 'wrong expected version on %', p_stream USING ERRCODE = 'ES001', DETAIL = v_current::text;
  END IF;

  WITH ins AS (
    INSERT INTO es_events (stream_id, stream_version, event_id, type, schema_version, data, metadata, trading_day)
    SELECT p_stream, v_current + t.ord, t.id, t.type, t.ver, t.data, t.meta, t.day
      FROM unnest(p_ids, p_types, p_versions, p_data, p_metadata, p_days)
           WITH ORDINALITY AS t (id, type, ver, data, meta, day, ord)
    RETURNING global_position
  )
  SELECT max(global_position) INTO v_pos FROM ins;

  UPDATE es_streams SET version = v_current + v_n, updated_at = now() WHERE stream_id = p_stream;
  PERFORM pg_notify('es_events', '');
  v_tx := pg_current_xact_id();
  RETURN QUERY SELECT v_current + v_n, v_tx, v_pos, false;
END;
$$;
