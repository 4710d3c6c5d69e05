/* GraphiQL from this project's own files (graphiql's UMD build and React, served under /vendor):
 * the token comes from #token=... or a prompt, subscriptions go over graphql-ws. */
(() => {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('trader.token', fromHash);
    history.replaceState(null, '', location.pathname);
  }
  let token = sessionStorage.getItem('trader.token');
  if (!token) {
    token =
      window.prompt('API token (npm run paper prints one; npm run token -- create viewer <name> makes more)') || '';
    sessionStorage.setItem('trader.token', token);
  }
  const EXAMPLES = [
    {
      query: `# The state of the system and the book
query State {
  state { namespace tradingDay now marketOpen ready control { mode tradingState killSwitchEngaged paused { reason by } } heartbeats { source ageSeconds stale } }
  risk { heat { heat heatCap overCap openGroups } dailyPnl { realised unrealised total } }
  positions { instrumentKey netQty avgPrice stopPrices targetPrices unrealised realised }
}`,
    },
    {
      query: `# Top ranks with their score attribution, and recent decisions with every reason
query Pipeline {
  topRanked { rank score strategy side instrumentKey entry stop targets attribution { momentum trend liquidity regime rewardRisk } }
  decisions(first: 10) { items { planId instrumentKey approved quantity reasons { code message } signal { strategy score } } nextCursor }
}`,
    },
    {
      query: `# Orders of the OCO groups (batch-loaded), and the audit chain of a plan
query Book($planId: String) {
  ocoGroups(first: 5) { items { groupId planId phase instrumentKey openRisk orders { clientOrderId legRole status qty filledQty fills { price qty } } } nextCursor }
  auditChain(planId: $planId) { gaps configHashes decision { approved } trade { realised closeReason } }
}`,
      variables: '{ "planId": "paste a planId from above" }',
    },
    {
      query: `# Health (ready, with the reasons when not), and the book as it stood at an instant of the day
query HealthAndReplay($day: TradingDay!, $at: DateTime!) {
  health { ready reasons database { ok latencyMs } projections { name lagEvents } heartbeats { source ageSeconds stale } }
  replay(tradingDay: $day, at: $at) { eventCount control { tradingState } positions { instrumentKey netQty realised } orders { clientOrderId status working } heat { heat openGroups } }
}`,
      variables: '{ "day": "2025-09-04", "at": "2025-09-04T11:00:00+05:30" }',
    },
    {
      query: `# Live: every event (add types: ["OrderFilled"] to filter), or positions/risk/orders/signals/decisions
subscription Events {
  events { position type streamId occurredAt data }
}`,
    },
    {
      query: `# Control (operator or admin). LIVE needs an admin and confirm: "CONFIRM LIVE TRADING"
mutation Flatten {
  flatten(reason: "end of test") { action elapsedMs events { type } control { tradingState } }
}`,
    },
  ];
  const headers = { Authorization: `Bearer ${token}` };
  const wsClient = window.graphqlWs.createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: true,
  });
  const fetcher = window.GraphiQL.createFetcher({ url: '/graphql', headers, wsClient });
  const root = window.ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    window.React.createElement(window.GraphiQL, {
      fetcher,
      defaultTabs: EXAMPLES,
      defaultEditorToolsVisibility: true,
      shouldPersistHeaders: false,
    }),
  );
})();
