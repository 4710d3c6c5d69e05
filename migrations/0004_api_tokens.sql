-- API tokens of the GraphQL API (graphql/auth/). Only a SHA-256 of each token is stored: the token
-- itself is shown once, when created, and can never be read back. A revoked token stays (who
-- revoked it and when) and no longer authenticates.
CREATE TABLE api_tokens (
  id          text PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  role        text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  token_hash  text NOT NULL UNIQUE,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_by  text,
  revoked_at  timestamptz
);
