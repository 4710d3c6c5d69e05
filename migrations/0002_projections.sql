-- Projection checkpoints and the first read model.
--
-- Each projection has one 'live' row, and a 'rebuild' row while a rebuild replays into shadow
-- tables. A projection's writes and the update of its row commit in one transaction; writers
-- lock the row (SELECT ... FOR UPDATE) and check that it still holds the checkpoint they read
-- from, so two instances, or a rebuild swap, never make an event apply twice or not at all.

CREATE TABLE projection_checkpoints (
  projection     text NOT NULL,
  target         text NOT NULL CHECK (target IN ('live', 'rebuild')),
  checkpoint     text,                          -- opaque event store position; NULL = before the first event
  events_applied bigint NOT NULL DEFAULT 0,     -- events handed to the projection since event zero
  started_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  rebuilt_at     timestamptz,                   -- when a rebuild last swapped in (live row)
  PRIMARY KEY (projection, target)
);

-- stream_heads: one row per stream, for operations and benchmarks.
-- Invariant (every event is applied exactly once): event_count = last_version + 1.
CREATE TABLE stream_heads (
  stream_id        text PRIMARY KEY,
  last_version     bigint NOT NULL,
  last_event_type  text NOT NULL,
  last_occurred_at timestamptz NOT NULL,
  event_count      bigint NOT NULL
);

CREATE INDEX stream_heads_by_last_occurred_at ON stream_heads (last_occurred_at);
