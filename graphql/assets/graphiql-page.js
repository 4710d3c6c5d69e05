/* GraphiQL from this project's own files (graphiql's UMD build and React, served under /vendor):
 * the token comes from #token=... or a prompt and goes with every request, the schema's
 * introspection included (docs and completion); subscriptions go over graphql-ws. The example
 * operations are filled in with this book's day, an instant of it and a plan, so they run as they are. */
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
  const headers = { Authorization: `Bearer ${token}` };

  /** The book's trading day, its clock, and a plan of it (null when nothing was planned yet). */
  async function bookFacts() {
    const fallback = { day: new Date().toISOString().slice(0, 10), at: new Date().toISOString(), planId: null };
    try {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ state { tradingDay now } ocoGroups(first: 1) { items { planId } } }' }),
      });
      const { data } = await res.json();
      if (!data) return fallback;
      return { day: data.state.tradingDay, at: data.state.now, planId: data.ocoGroups.items[0]?.planId ?? null };
    } catch {
      return fallback;
    }
  }

  const json = (value) => JSON.stringify(value, null, 2);

  function examples(book) {
    return [
      {
        query: `# The state of the system and the book
query State {
  state {
    namespace
    tradingDay
    now
    marketOpen
    ready
    control { mode tradingState killSwitchEngaged paused { reason by } }
    heartbeats { source ageSeconds stale }
  }
  risk {
    heat { heat heatCap overCap openGroups }
    dailyPnl { realised unrealised total }
  }
  positions { instrumentKey netQty avgPrice stopPrices targetPrices unrealised realised }
}`,
      },
      {
        query: `# The latest ranking with its score attribution, and recent decisions with every reason
query Pipeline {
  topRanked {
    rank
    score
    rankedAt
    strategy
    side
    instrumentKey
    entry
    stop
    targets
    attribution { momentum trend liquidity regime rewardRisk }
  }
  decisions(first: 10) {
    items {
      planId
      instrumentKey
      approved
      quantity
      reasons { code message }
      signal { strategy score }
    }
    nextCursor
  }
}`,
      },
      {
        query: `# OCO groups with their orders (batch-loaded), and the audit chain of a plan
query Book${book.planId ? '($planId: String)' : ''} {
  ocoGroups(first: 5) {
    items {
      groupId
      planId
      phase
      instrumentKey
      openRisk
      orders { clientOrderId legRole status qty filledQty fills { price qty } }
    }
    nextCursor
  }
${
  book.planId
    ? `  auditChain(planId: $planId) {
    gaps
    configHashes
    decision { approved }
    trade { realised closeReason }
  }`
    : '  # no plan yet today: auditChain(planId: "...") { gaps configHashes decision { approved } } once there is one'
}
}`,
        ...(book.planId ? { variables: json({ planId: book.planId }) } : {}),
      },
      {
        query: `# Health (ready, with the reasons when not), and the book as it stood at an instant of the day
query HealthAndReplay($day: TradingDay!, $at: DateTime!) {
  health {
    ready
    reasons
    database { ok latencyMs }
    projections { name lagEvents }
    heartbeats { source ageSeconds stale }
  }
  replay(tradingDay: $day, at: $at) {
    eventCount
    control { tradingState }
    positions { instrumentKey netQty realised }
    orders { clientOrderId status working }
    heat { heat openGroups }
  }
}`,
        variables: json({ day: book.day, at: book.at }),
      },
      {
        query: `# Live: every event (add types: ["OrderFilled"] to filter), or positions, risk, orders, signals, decisions
subscription Events {
  events { position type streamId occurredAt data }
}`,
      },
      {
        query: `# Control (operator or admin): cancels working orders and closes every position.
# LIVE mode needs an admin and confirm: "CONFIRM LIVE TRADING"
mutation Flatten {
  flatten(reason: "flattened from GraphiQL") {
    action
    elapsedMs
    events { type }
    control { tradingState }
  }
}`,
      },
    ];
  }

  /** GraphiQL's tabs for this browser tab only (a new session starts from the examples of its book). */
  const tabStorage = {
    getItem: (key) => sessionStorage.getItem(key),
    setItem: (key, value) => sessionStorage.setItem(key, value),
    removeItem: (key) => sessionStorage.removeItem(key),
    get length() {
      return Object.keys(sessionStorage).filter((k) => k.startsWith('graphiql:')).length;
    },
    clear() {
      for (const k of Object.keys(sessionStorage)) if (k.startsWith('graphiql:')) sessionStorage.removeItem(k);
    },
  };

  bookFacts().then((book) => {
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
        defaultTabs: examples(book),
        defaultQuery: '# A new tab: type a query (Ctrl-Space completes, Ctrl-Enter runs; the docs are on the left)\n',
        defaultEditorToolsVisibility: true,
        shouldPersistHeaders: false,
        storage: tabStorage,
      }),
    );
  });
})();
