/* The trader's dashboard: plain JavaScript, no framework. Queries and mutations over HTTP, live
 * updates over graphql-ws (the package's own browser build, served at /vendor/graphql-ws.js). */
(() => {
  const $ = (id) => document.getElementById(id);
  const state = {
    token: null,
    ws: null,
    day: null,
    events: 0,
    heatCap: null,
    connects: 0,
    retries: 0,
    pnl: { done: [], after: null },
    heat: { done: [], after: null },
    pnlTimer: null,
    heatTimer: null,
    ranksTimer: null,
  };

  const rupees = (s) => {
    if (s === null || s === undefined) return '–';
    const n = Number(s);
    return `${n < 0 ? '-' : ''}₹${Math.abs(n).toLocaleString('en-IN', { minimumFractionDigits: 2 })}`;
  };
  const signed = (el, s) => {
    el.textContent = rupees(s);
    el.className = s === null || s === undefined ? '' : Number(s) < 0 ? 'bad' : Number(s) > 0 ? 'good' : '';
  };
  const time = (iso) => (iso ? iso.slice(11, 19) : '');
  const cell = (text, cls) => {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  };

  async function gql(query, variables) {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${state.token}` },
      body: JSON.stringify({ query, variables: variables || {} }),
    });
    const body = await res.json();
    if (body.errors?.length) {
      const e = body.errors[0];
      const err = new Error(`${e.extensions ? e.extensions.code : 'ERROR'}: ${e.message}`);
      err.code = e.extensions?.code;
      throw err;
    }
    return body.data;
  }

  const CONTROL = 'mode tradingState killSwitchEngaged breakerTripped breakerReasons paused { by reason }';
  const RISK = `tradingDay heat { heat heatCap headroom overCap openGroups } dailyPnl { realised unrealised total } control { ${CONTROL} }`;
  const POSITION = 'instrumentKey netQty avgPrice stopPrices targetPrices unrealised realised';

  function renderControl(c) {
    $('mode').textContent = c.mode;
    $('mode').className = `pill ${c.mode === 'LIVE' ? 'bad' : ''}`;
    $('trading-state').textContent = c.tradingState;
    $('trading-state').className =
      `pill ${c.tradingState === 'ACTIVE' ? 'good' : c.tradingState === 'HALTED' ? 'bad' : 'warn'}`;
    $('kill-state').textContent = c.killSwitchEngaged ? 'ENGAGED' : 'off';
    $('kill-state').className = c.killSwitchEngaged ? 'bad' : 'good';
    $('breaker-state').textContent = c.breakerTripped ? `TRIPPED (${c.breakerReasons.join(', ')})` : 'clear';
    $('breaker-state').className = c.breakerTripped ? 'bad' : 'good';
    $('paused-state').textContent = c.paused ? `${c.paused.reason} (${c.paused.by})` : 'no';
    $('kill-button').hidden = c.killSwitchEngaged;
    $('release-button').hidden = !c.killSwitchEngaged;
  }

  function renderRisk(r) {
    renderControl(r.control);
    const heat = r.heat ? Number(r.heat.heat) : 0;
    const cap = r.heat && r.heat.heatCap !== null ? Number(r.heat.heatCap) : null;
    const share = cap ? Math.min(1, heat / cap) : 0;
    const angle = Math.PI * (1 - share);
    const x = 100 + 80 * Math.cos(angle);
    const y = 100 - 80 * Math.sin(angle);
    const arc = $('heat-arc');
    arc.setAttribute('d', `M20 100 A80 80 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}`);
    arc.setAttribute('class', `gauge-fill ${share >= 1 ? 'bad' : share > 0.75 ? 'warn' : ''}`);
    state.heatCap = cap;
    const gauge = $('heat-gauge');
    gauge.dataset.heat = String(heat);
    gauge.dataset.cap = cap === null ? '' : String(cap);
    $('heat-text').textContent = `${rupees(heat)} (${Math.round(share * 100)}%)`;
    $('heat-cap').textContent = `cap ${cap === null ? '–' : rupees(cap)}`;
    $('open-groups').textContent = r.heat ? String(r.heat.openGroups) : '0';
    const p = r.dailyPnl;
    signed($('pnl-realised'), p ? p.realised : null);
    signed($('pnl-unrealised'), p ? p.unrealised : null);
    signed($('pnl-total'), p ? p.total : null);
  }

  function renderPositions(list) {
    const tbody = $('positions').querySelector('tbody');
    tbody.replaceChildren();
    let open = 0;
    for (const p of list) {
      if (p.netQty !== 0) open += 1;
      const tr = document.createElement('tr');
      tr.dataset.instrument = p.instrumentKey;
      tr.dataset.qty = String(p.netQty);
      tr.append(
        cell(p.instrumentKey),
        cell(String(p.netQty), p.netQty > 0 ? 'good' : p.netQty < 0 ? 'bad' : 'muted'),
        cell(p.avgPrice === null ? '–' : p.avgPrice),
        cell(p.stopPrices.join(' ') || '–'),
        cell(p.targetPrices.join(' ') || '–'),
        cell(rupees(p.unrealised), p.unrealised && Number(p.unrealised) < 0 ? 'bad' : 'good'),
        cell(rupees(p.realised), Number(p.realised) < 0 ? 'bad' : 'good'),
      );
      tbody.append(tr);
    }
    $('positions').dataset.open = String(open);
    $('positions-count').textContent = `${open} open of ${list.length}`;
  }

  const ATTRIBUTION = ['momentum', 'trend', 'liquidity', 'regime', 'rewardRisk'];

  /** The latest ranking, best first (up to 10), each score with its five parts in [0, 1]. */
  function renderRanks(list) {
    const top = list.slice(0, 10);
    const tbody = $('ranks').querySelector('tbody');
    tbody.replaceChildren();
    for (const s of top) {
      const tr = document.createElement('tr');
      tr.dataset.rank = String(s.rank);
      tr.append(
        cell(String(s.rank)),
        cell(`${s.strategy} ${s.side} ${s.instrumentKey}`),
        cell(s.score === null ? '–' : s.score.toFixed(3)),
      );
      const a = s.attribution || {};
      ATTRIBUTION.forEach((k, i) => {
        const td = document.createElement('td');
        td.className = 'attribution';
        const v = typeof a[k] === 'number' ? a[k] : null;
        const bar = document.createElement('span');
        bar.className = `bar b${i + 1}`;
        bar.style.width = `${Math.round((v || 0) * 48)}px`;
        const text = document.createElement('span');
        text.textContent = v === null ? '–' : v.toFixed(2);
        td.append(bar, text);
        tr.append(td);
      });
      tbody.append(tr);
    }
    const best = list[0];
    $('ranks').dataset.count = String(top.length);
    $('ranks-when').textContent = best
      ? `ranked ${time(best.rankedAt)} IST · top ${top.length} of ${best.considered ?? list.length} considered`
      : 'no ranking yet today';
  }

  function addEvent(e) {
    state.events += 1;
    const li = document.createElement('li');
    li.textContent = `${time(e.occurredAt)} ${e.type} ${e.streamId.split(':').slice(1).join(':')}`;
    const list = $('events');
    list.prepend(li);
    while (list.children.length > 100) list.lastChild.remove();
    $('events-count').textContent = `${state.events} received`;
  }

  /** Refreshes at most every `ms` (the charts and the ranks are re-read, not pushed). */
  function throttle(key, ms, fn) {
    if (state[key]) return;
    state[key] = setTimeout(() => {
      state[key] = null;
      fn().catch(showError);
    }, ms);
  }

  /**
   * A paged series of the day (pnlCurve, heatTimeline), read in full pages of 500 that are kept:
   * each refresh reads again only from the page that was still filling.
   */
  async function loadSeries(field, fields, series) {
    let after = series.after;
    for (let pages = 0; pages < 100; pages++) {
      const data = await gql(
        `query($after: String) { ${field}(first: 500, after: $after) { items { ${fields} } nextCursor } }`,
        { after },
      );
      const page = data[field];
      if (!page.nextCursor) return series.done.concat(page.items);
      series.done.push(...page.items);
      series.after = page.nextCursor;
      after = page.nextCursor;
    }
    return series.done;
  }

  const loadPnl = async () => {
    const points = await loadSeries('pnlCurve', 'at realised total', state.pnl);
    window.TraderCharts.pnlChart($('pnl-chart'), state.day, points);
    $('pnl-points').textContent = `${points.length} points`;
  };
  const loadHeat = async () => {
    const points = await loadSeries('heatTimeline', 'at heat heatCap', state.heat);
    window.TraderCharts.heatChart($('heat-chart'), state.day, points, state.heatCap);
    $('heat-points').textContent = `${points.length} points`;
  };
  const loadRanks = async () =>
    renderRanks(
      (
        await gql(
          '{ topRanked { rank score strategy side instrumentKey rankedAt considered attribution { momentum trend liquidity regime rewardRisk } } }',
        )
      ).topRanked,
    );

  function showError(err) {
    $('action-result').textContent = String(err.message || err);
    $('action-result').className = 'small bad';
  }

  function subscribe(query, onData) {
    state.ws.subscribe(
      { query },
      {
        next: (r) => (r.data ? onData(r.data) : showError(new Error(JSON.stringify(r.errors)))),
        error: showError,
        complete: () => {},
      },
    );
  }

  /** The book as it stands now: on start, and again after a reconnection (what was missed meanwhile). */
  async function loadSnapshot() {
    const first = await gql(
      `{ state { namespace tradingDay now control { ${CONTROL} } } risk { ${RISK} } positions { ${POSITION} } }`,
    );
    state.day = first.state.tradingDay;
    $('book').textContent = `${first.state.namespace} · ${first.state.tradingDay}`;
    $('clock').textContent = time(first.state.now);
    renderRisk(first.risk);
    renderPositions(first.positions);
    await Promise.all([loadPnl(), loadHeat(), loadRanks()]);
  }

  /** The live pill: live, connecting, or disconnected and when it tries again. */
  function showConnection(status, text) {
    const live = $('live');
    live.textContent = text;
    live.className = `pill ${status === 'live' ? 'good' : status === 'connecting' ? 'warn' : 'bad'}`;
    live.dataset.status = status;
    live.dataset.connects = String(state.connects);
  }

  function connect() {
    return window.graphqlWs.createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      connectionParams: { authorization: `Bearer ${state.token}` },
      lazy: false,
      // a silent network drop is noticed within keepAlive + the pong's wait
      keepAlive: 10_000,
      retryAttempts: Number.MAX_SAFE_INTEGER,
      // a token refused at connection (revoked meanwhile) is not tried again
      shouldRetry: (e) => !(e && e.code === 4403),
      retryWait: (retries) => {
        const ms = Math.min(10_000, 500 * 2 ** retries);
        showConnection('offline', `disconnected · retry in ${Math.ceil(ms / 1000)} s`);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
      on: {
        connecting: (isRetry) =>
          showConnection('connecting', isRetry ? `reconnecting (try ${++state.retries})…` : 'connecting…'),
        connected: (_socket, _payload, wasRetry) => {
          state.connects += 1;
          state.retries = 0;
          showConnection('live', 'live');
          // the subscriptions resume by themselves; what happened meanwhile is read again
          if (wasRetry) loadSnapshot().catch(showError);
        },
        closed: (event) => {
          const code = event && typeof event.code === 'number' ? ` (${event.code})` : '';
          showConnection('offline', `disconnected${code}`);
        },
      },
    });
  }

  async function start() {
    await loadSnapshot();
    state.ws = connect();
    subscribe('subscription { events { type streamId occurredAt } }', (d) => {
      addEvent(d.events);
      $('clock').textContent = time(d.events.occurredAt);
    });
    subscribe(`subscription { positions { ${POSITION} } }`, (d) => {
      renderPositions(d.positions);
      throttle('pnlTimer', 1000, loadPnl);
    });
    subscribe(`subscription { risk { ${RISK} } }`, (d) => {
      renderRisk(d.risk);
      throttle('heatTimer', 1000, loadHeat);
    });
    subscribe('subscription { signals { signalId } }', () => throttle('ranksTimer', 1000, loadRanks));
    document.body.dataset.ready = 'true';
  }

  function wireKillSwitch() {
    const dialog = $('kill-dialog');
    $('kill-button').addEventListener('click', () => {
      $('kill-reason').value = '';
      $('kill-confirm-text').hidden = true;
      $('kill-confirm').hidden = true;
      $('kill-next').hidden = false;
      dialog.showModal();
    });
    $('kill-next').addEventListener('click', () => {
      if (!$('kill-reason').reportValidity()) return;
      $('kill-confirm-text').hidden = false;
      $('kill-confirm').hidden = false;
      $('kill-next').hidden = true;
    });
    $('kill-confirm').addEventListener('click', async () => {
      const reason = $('kill-reason').value.trim();
      dialog.close();
      try {
        const r = await gql(
          `mutation($reason: String!) { engageKillSwitch(reason: $reason) { elapsedMs control { ${CONTROL} } } }`,
          { reason },
        );
        renderControl(r.engageKillSwitch.control);
        $('action-result').textContent = `kill switch engaged in ${r.engageKillSwitch.elapsedMs.toFixed(1)} ms`;
        $('action-result').className = 'small warn';
      } catch (err) {
        showError(err);
      }
    });
    $('release-button').addEventListener('click', async () => {
      const notes = window.prompt('Release the kill switch: notes (what was checked)?');
      if (!notes) return;
      try {
        const r = await gql(
          `mutation($notes: String!) { releaseKillSwitch(notes: $notes) { control { ${CONTROL} } } }`,
          { notes },
        );
        renderControl(r.releaseKillSwitch.control);
      } catch (err) {
        showError(err);
      }
    });
  }

  function login() {
    const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
    if (fromHash) {
      sessionStorage.setItem('trader.token', fromHash);
      history.replaceState(null, '', location.pathname); // the token does not stay in the address bar
    }
    state.token = sessionStorage.getItem('trader.token');
    if (state.token)
      return start().catch((err) => {
        $('login').hidden = false;
        $('login-error').textContent = String(err.message || err);
      });
    $('login').hidden = false;
    return undefined;
  }

  $('login').addEventListener('submit', (ev) => {
    ev.preventDefault();
    sessionStorage.setItem('trader.token', $('token').value.trim());
    $('login').hidden = true;
    login();
  });
  wireKillSwitch();
  login();
})();
