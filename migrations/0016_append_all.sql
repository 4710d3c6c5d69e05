-- Atomic multi-stream append (EventStore.appendMulti): the items of es_append_batch, all or
-- nothing. When any item is refused (ES001 wrong expected version, ES002 idempotency conflict),
-- the call raises ES004 and the statement's transaction rolls back: no item is written, and no
-- notification goes out. The error's DETAIL is the first refused item as JSON:
--   {"item": 1-based item, "code": "ES001" | "ES002", "detail": es_append_batch's err_detail}.
-- A duplicate item (every event ID stored already) refuses nothing, as in es_append_batch.
-- Items are given in the order their events are to take in the global order (not sorted):
-- es_append_batch locks the streams in their sorted order whatever the order of the items.

CREATE FUNCTION es_append_all(
  p_streams text[], p_expected text[], p_count integer[], p_events json
) RETURNS TABLE (item integer, next_version bigint, tx xid8, pos bigint, duplicate boolean)
LANGUAGE plpgsql
AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM es_append_batch(p_streams, p_expected, p_count, p_events) b ORDER BY b.item LOOP
    IF r.err_code IS NOT NULL THEN
      RAISE EXCEPTION 'es_append_all: item % refused (%)', r.item, r.err_code
        USING ERRCODE = 'ES004',
              DETAIL = json_build_object('item', r.item, 'code', r.err_code, 'detail', r.err_detail)::text;
    END IF;
    item := r.item;
    next_version := r.next_version;
    tx := r.tx;
    pos := r.pos;
    duplicate := r.duplicate;
    RETURN NEXT;
  END LOOP;
END;
$$;
