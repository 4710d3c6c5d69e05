import type { IsoDate } from '../calendar/ist-time';
import type { Instrument } from '../instruments/instrument';
import type { MarketState } from '../market/market-state';
import type { OptionChain } from '../market/options/option-chain';
import type { ScanInput } from '../strategies/scan-input';
import type { TradingConfig } from './trading-config';
import { universeChains, universeInstruments } from './universe';

/** What a scan needs of the day: its market snapshot and the instruments and chains it trades. */
export interface ScanDayData {
  readonly tradingDay: IsoDate;
  readonly market: MarketState;
  readonly instruments: Iterable<Instrument>;
  readonly chains: readonly OptionChain[];
}

/** The strategies' input for one scan, under a configuration (its hash given, computed once). */
export function scanInputOf(config: TradingConfig, hash: string, day: ScanDayData): ScanInput {
  return {
    market: day.market,
    instruments: universeInstruments(config.universe, day.instruments),
    chains: universeChains(config.universe, day.chains),
    tradingDay: day.tradingDay,
    session: config.session,
    riskFreeRate: config.market.riskFreeRate,
    configHash: hash,
  };
}
