-- Group commit: several appends, each to its own stream with its own expected version, in one
-- transaction and one round trip, with a handful of set-based statements whatever their number.
-- A refused append (wrong expected version, idempotency conflict) is reported in its row and
-- writes nothing; the others commit. Replaces es_append (a batch of one is the same thing).
--
-- Item i appends its p_count[i] events to p_streams[i] with p_expected[i]. The events of all items
-- come as one JSON array, grouped by item and in order, each
--   {"it": item (1-based), "o": place within its item (1-based), "id": event ID, "t": type,
--    "v": schema version, "d": data, "m": metadata, "day": IST trading day or null}
-- (one JSON document parses faster than arrays of documents, and the caller sends its JSON as is).
-- Expected versions:
-- 'any' | 'no_stream' | 'stream_exists' | a version number as text. The streams of one batch are
-- distinct; the caller sorts them, so that concurrent batches lock streams in one order.
-- One row per item, in item order. When every event ID of an item is already in its stream, the
-- item writes nothing and reports the stored position of the last of them with duplicate = true.

DROP FUNCTION es_append(text, text, uuid[], text[], integer[], jsonb[], jsonb[], date[]);

CREATE FUNCTION es_append_batch(
  p_streams text[], p_expected text[], p_count integer[], p_events json
) RETURNS TABLE (item integer, next_version bigint, tx xid8, pos bigint, duplicate boolean, err_code text, err_detail text)
LANGUAGE plpgsql
-- It touches a few rows by key, in tables that grow all day: a generic plan must never scan them.
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
AS $$
DECLARE
  v_n        integer := cardinality(p_streams);
  v_current  bigint[];
  v_count    integer[] := p_count;
  v_found_n  integer[];
  v_found    text[];
  v_dup_tx   xid8[];
  v_dup_pos  bigint[];
  v_status   text[] := array_fill('ok'::text, ARRAY[v_n]);
  v_last_pos bigint[];
  v_any_ok   boolean := false;
  i          integer;
  e          text;
BEGIN
  IF (SELECT count(DISTINCT s) FROM unnest(p_streams) s) <> v_n THEN
    RAISE EXCEPTION 'es_append_batch: a stream appears twice in one batch' USING ERRCODE = 'ES003';
  END IF;

  INSERT INTO es_streams (stream_id, version)
    SELECT s, -1 FROM unnest(p_streams) s ORDER BY s
    ON CONFLICT (stream_id) DO NOTHING;
  -- (joined to the array rather than `= ANY (p_streams)`, which a generic plan scans the table for)
  PERFORM 1 FROM unnest(p_streams) AS t (stream) JOIN es_streams s ON s.stream_id = t.stream
   ORDER BY t.stream FOR UPDATE OF s;

  -- Under the locks: each item's stream version, and which of its event IDs are stored already.
  SELECT array_agg(s.version ORDER BY t.i),
         array_agg(coalesce(d.n, 0) ORDER BY t.i), array_agg(d.found ORDER BY t.i),
         array_agg(d.last_tx ORDER BY t.i), array_agg(d.last_pos ORDER BY t.i)
    INTO v_current, v_found_n, v_found, v_dup_tx, v_dup_pos
    FROM unnest(p_streams) WITH ORDINALITY AS t (stream, i)
    JOIN es_streams s ON s.stream_id = t.stream
    LEFT JOIN (
      SELECT u.it, count(*)::integer AS n, string_agg(ev.event_id::text, ',' ORDER BY ev.stream_version) AS found,
             (array_agg(ev.transaction_id ORDER BY ev.stream_version DESC))[1] AS last_tx,
             (array_agg(ev.global_position ORDER BY ev.stream_version DESC))[1] AS last_pos
        FROM json_to_recordset(p_events) AS u (it integer, id uuid)
        JOIN es_events ev ON ev.stream_id = p_streams[u.it] AND ev.event_id = u.id
       GROUP BY u.it
    ) d ON d.it = t.i;

  FOR i IN 1 .. v_n LOOP
    e := p_expected[i];
    IF v_found_n[i] = v_count[i] THEN
      v_status[i] := 'duplicate';
    ELSIF v_found_n[i] > 0 THEN
      v_status[i] := 'ES002';
    ELSIF (e = 'no_stream' AND v_current[i] <> -1)
       OR (e = 'stream_exists' AND v_current[i] = -1)
       OR (e NOT IN ('any', 'no_stream', 'stream_exists') AND v_current[i] <> e::bigint) THEN
      v_status[i] := 'ES001';
    ELSE
      v_any_ok := true;
    END IF;
  END LOOP;

  IF v_any_ok THEN
    WITH ins AS (
      INSERT INTO es_events (stream_id, stream_version, event_id, type, schema_version, data, metadata, trading_day)
      SELECT p_streams[u.it], v_current[u.it] + u.o, u.id, u.t, u.v, u.d, u.m, u.day
        FROM json_to_recordset(p_events) AS u (it integer, o integer, id uuid, t text, v integer, d jsonb, m jsonb, day date)
       WHERE v_status[u.it] = 'ok'
      RETURNING stream_id, global_position
    )
    SELECT array_agg(m.pos ORDER BY t.i) INTO v_last_pos
      FROM unnest(p_streams) WITH ORDINALITY AS t (stream, i)
      LEFT JOIN (SELECT ins.stream_id, max(ins.global_position) AS pos FROM ins GROUP BY ins.stream_id) m
        ON m.stream_id = t.stream;

    UPDATE es_streams s SET version = v_current[t.i] + v_count[t.i], updated_at = now()
      FROM unnest(p_streams) WITH ORDINALITY AS t (stream, i)
     WHERE s.stream_id = t.stream AND v_status[t.i] = 'ok';
    PERFORM pg_notify('es_events', '');
  END IF;

  RETURN QUERY
    SELECT t.i::integer,
           CASE v_status[t.i] WHEN 'ok' THEN v_current[t.i] + v_count[t.i]
                              WHEN 'duplicate' THEN v_current[t.i] END,
           CASE v_status[t.i] WHEN 'ok' THEN pg_current_xact_id() WHEN 'duplicate' THEN v_dup_tx[t.i] END,
           CASE v_status[t.i] WHEN 'ok' THEN v_last_pos[t.i] WHEN 'duplicate' THEN v_dup_pos[t.i] END,
           v_status[t.i] = 'duplicate',
           CASE WHEN v_status[t.i] IN ('ES001', 'ES002') THEN v_status[t.i] END,
           CASE v_status[t.i] WHEN 'ES001' THEN v_current[t.i]::text WHEN 'ES002' THEN v_found[t.i] END
      FROM generate_series(1, v_n) AS t (i);
END;
$$;
