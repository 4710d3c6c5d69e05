-- The day's Kite access token, sealed (AES-256-GCM, key from KITE_TOKEN_KEY): never in the event
-- store (it is replayed and backed up), never in clear. One row per API key; a new login replaces it.
CREATE TABLE kite_sessions (
  api_key     text PRIMARY KEY,
  user_id     text NOT NULL,
  iv          bytea NOT NULL,
  tag         bytea NOT NULL,
  ciphertext  bytea NOT NULL,
  issued_at   timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  CHECK (expires_at > issued_at)
);
