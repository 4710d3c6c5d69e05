-- The trader's tape (npm start records its market data): besides tick batches and bars, the scan
-- instants (a trader scans on its own turn, not after each tick), its start-up recoveries, the scan's universe as it changed
-- (strikes re-centred, instruments warmed up), the warm-up's history bars, each process start, and
-- tick batches the paper broker did not see (a trader recovering before it leads: 'ticks-unfilled').
ALTER TABLE market_tape DROP CONSTRAINT market_tape_kind_check;
ALTER TABLE market_tape ADD CONSTRAINT market_tape_kind_check
  CHECK (kind IN ('ticks', 'ticks-unfilled', 'bars', 'universe', 'history', 'scan', 'recovery', 'start'));
