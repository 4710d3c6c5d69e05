import { istText } from './ist-text';
import { SIM_USER_ID } from './kite-order-json';

type Json = Record<string, unknown>;

/** GET /user/profile: the simulator's one user. */
export function kiteProfileJson(): Json {
  return {
    user_id: SIM_USER_ID,
    user_type: 'individual',
    email: 'trader@kite-sim.local',
    user_name: 'Kite Simulator',
    user_shortname: 'Simulator',
    broker: 'ZERODHA',
    exchanges: ['NSE', 'NFO', 'BSE', 'BFO'],
    products: ['CNC', 'NRML', 'MIS'],
    order_types: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
    avatar_url: null,
    meta: { demat_consent: 'physical' },
  };
}

/** POST /session/token: the profile with the session's tokens. */
export function kiteSessionJson(apiKey: string, accessToken: string, loginMs: number): Json {
  return {
    ...kiteProfileJson(),
    api_key: apiKey,
    access_token: accessToken,
    public_token: accessToken.slice(0, 16),
    enctoken: accessToken.slice(16),
    refresh_token: '',
    silo: '',
    login_time: istText(loginMs),
  };
}

/** One segment of GET /user/margins: cash as configured, the day's used margin as debits. */
export function kiteSegmentMarginJson(cashRupees: number, usedRupees: number): Json {
  const net = cashRupees - usedRupees;
  return {
    enabled: true,
    net,
    available: {
      adhoc_margin: 0,
      cash: cashRupees,
      opening_balance: cashRupees,
      live_balance: net,
      collateral: 0,
      intraday_payin: 0,
    },
    utilised: {
      debits: usedRupees,
      exposure: 0,
      m2m_realised: 0,
      m2m_unrealised: 0,
      option_premium: 0,
      payout: 0,
      span: 0,
      holding_sales: 0,
      turnover: 0,
      liquid_collateral: 0,
      stock_collateral: 0,
      delivery: 0,
    },
  };
}
