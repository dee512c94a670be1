'use strict';
// The mediagate dashboard: polls ./data every 2 s and renders it. Text from the gateway (file names, vendor messages)
// is only ever set as textContent, never parsed as HTML.
(function () {
  const REFRESH_MILLIS = 2000;
  const CALL_OUTCOMES = ['ok', '429', '4xx', '5xx', 'network'];
  const selected = new Set();
  let throughputChart = null;
  let callsChart = null;

  function el(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    return node;
  }

  function replaceRows(tbody, rows) {
    tbody.replaceChildren(...rows);
  }

  function hourly(activity, operation, series) {
    const line = (activity.perOperation || {})[operation] || {};
    return series.reduce((sum, name) => sum + (line[name] || 0), 0);
  }

  function renderOperations(data) {
    const status = data.status;
    document.getElementById('broker').textContent = status.brokerReachable
      ? 'broker ' + status.broker + (status.deadLetters > 0 ? ' — ' + status.deadLetters + ' in the dead-letter queue' : '')
      : 'broker ' + status.broker + ' not reachable: ' + status.brokerProblem;
    const names = new Set(status.operations.map(o => o.vendor + (o.operation ? '/' + o.operation : '')));
    Object.keys(data.activity.perOperation || {}).forEach(name => names.add(name));
    const byName = {};
    status.operations.forEach(o => { byName[o.vendor + (o.operation ? '/' + o.operation : '')] = o; });
    const rows = [...names].sort().map(name => {
      const o = byName[name] || {};
      const tr = el('tr');
      const cell = (column, value) => tr.appendChild(el('td', value === undefined ? '' : value, { 'data-op': name, 'data-col': column }));
      cell('operation', name);
      cell('submit', o.waitingSubmit);
      cell('poll', o.waitingPoll);
      cell('nextPoll', o.nextPollAt ? new Date(o.nextPollAt).toLocaleTimeString() : '-');
      cell('deliver', o.waitingDeliver);
      cell('active', o.inProgress);
      cell('delivered', o.delivered || 0);
      cell('failed', o.failed || 0);
      cell('calls', hourly(data.activity, name, CALL_OUTCOMES.map(c => 'call.' + c)));
      cell('throttled', hourly(data.activity, name, ['call.429']));
      cell('errors', hourly(data.activity, name, ['call.4xx', 'call.5xx', 'call.network']));
      return tr;
    });
    replaceRows(document.querySelector('#operations tbody'), rows);
  }

  function chart(target, title, names, existing) {
    if (existing) return existing;
    const series = [{}].concat(names.map((name, i) => ({
      label: name, stroke: ['#2a7', '#c33', '#27c', '#e80', '#a3c', '#777'][i % 6], width: 2
    })));
    return new uPlot({ title: title, width: 560, height: 220, series: series,
      axes: [{}, { label: 'per minute' }], scales: { x: { time: true } } }, [[]].concat(names.map(() => [])),
      document.getElementById(target));
  }

  function renderCharts(activity) {
    if (typeof uPlot === 'undefined') return;
    const x = activity.minutes.map(m => m / 1000);
    const values = name => (activity.series[name] || x.map(() => 0));
    throughputChart = chart('throughput-chart', 'jobs ended', ['delivered', 'failed'], throughputChart);
    throughputChart.setData([x, values('delivered'), values('failed')]);
    callsChart = chart('calls-chart', 'vendor calls', CALL_OUTCOMES, callsChart);
    callsChart.setData([x].concat(CALL_OUTCOMES.map(c => values('call.' + c))));
  }

  function renderLearned(status) {
    replaceRows(document.querySelector('#learned tbody'), (status.learnedProcessingTimes || []).map(t => {
      const tr = el('tr');
      [t.vendor + '/' + t.operation, t.sizeClass, t.seconds, t.tasks].forEach(v => tr.appendChild(el('td', v)));
      return tr;
    }));
  }

  function renderHealth(problems) {
    document.getElementById('health-section').hidden = problems.length === 0;
    document.getElementById('health').replaceChildren(...problems.map(p => el('li', p.check + ': ' + p.message, { class: 'problem' })));
  }

  function renderWindows(items) {
    const list = document.getElementById('windows');
    if (!items || items.length === 0) {
      list.replaceChildren(el('li', 'none set: every operation takes work at any time'));
      return;
    }
    list.replaceChildren(...items.map(item => el('li', item.type === 'window'
      ? item.scope + ': takes work ' + item.window + ' (' + item.zone + '), '
        + (item.open ? 'open now' : 'closed, opens ' + new Date(item.nextOpening).toLocaleString())
      : item.scope + ': ' + item.spent + ' of ' + (item.limit > 0 ? item.limit : 'the vendor\'s') + ' calls today, '
        + (item.used ? 'spent: work waits until ' : 'resets ') + new Date(item.resetsAt).toLocaleString(),
      { class: item.type === 'window' ? (item.open ? '' : 'problem') : (item.used ? 'problem' : '') })));
  }

  function recordLink(record) {
    return 'failed/' + record.split('/').map(encodeURIComponent).join('/');
  }

  function renderFailures(failures) {
    const present = new Set(failures.map(f => f.record));
    [...selected].forEach(record => { if (!present.has(record)) selected.delete(record); });
    replaceRows(document.querySelector('#failures tbody'), failures.map(f => {
      const tr = el('tr', null, { 'data-record': f.record });
      const pick = el('td');
      if (f.redrivable) {
        const box = el('input', null, { type: 'checkbox', value: f.record, 'aria-label': 're-drive ' + f.input });
        box.checked = selected.has(f.record);
        box.addEventListener('change', () => {
          if (box.checked) selected.add(f.record); else selected.delete(f.record);
          updateButton();
        });
        pick.appendChild(box);
      }
      tr.appendChild(pick);
      tr.appendChild(el('td', f.input));
      tr.appendChild(el('td', f.kind));
      tr.appendChild(el('td', f.message, { class: 'reason' }));
      tr.appendChild(el('td', f.failedAt));
      const link = el('a', 'error record', { href: recordLink(f.record), target: '_blank', rel: 'noopener' });
      const cell = el('td');
      cell.appendChild(link);
      tr.appendChild(cell);
      return tr;
    }));
    updateButton();
  }

  function updateButton() {
    document.getElementById('redrive').disabled = selected.size === 0;
  }

  async function redrive() {
    const records = [...selected];
    const result = document.getElementById('redrive-result');
    result.textContent = 're-driving ' + records.length + '…';
    try {
      const response = await fetch('redrive', {
        method: 'POST', credentials: 'same-origin', cache: 'no-store',
        headers: { 'Content-Type': 'application/json', 'X-Mediagate-Dashboard': 'redrive' },
        body: JSON.stringify({ records: records })
      });
      if (!response.ok) {
        result.textContent = 'refused: ' + response.status + ' ' + (await response.text());
        return;
      }
      const answer = await response.json();
      answer.results.forEach(r => { if (r.ok) selected.delete(r.record); });
      const ok = answer.results.filter(r => r.ok).length;
      const problems = answer.results.filter(r => !r.ok).map(r => r.record + ': ' + r.message);
      result.textContent = ok + ' back in the inbox' + (problems.length ? '; not re-driven: ' + problems.join('; ') : '');
      refresh();
    } catch (e) {
      result.textContent = 'the gateway did not answer: ' + e;
    }
  }

  async function refresh() {
    const state = document.getElementById('state');
    try {
      const response = await fetch('data', { credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) {
        state.textContent = 'the gateway answered ' + response.status;
        return;
      }
      const data = await response.json();
      renderHealth(data.healthProblems || []);
      renderOperations(data);
      renderCharts(data.activity);
      renderLearned(data.status);
      renderWindows(data.windowsAndBudgets);
      renderFailures(data.failures || []);
      state.textContent = 'updated ' + new Date(data.generatedAt).toLocaleTimeString();
      state.setAttribute('data-generated-at', data.generatedAt);
    } catch (e) {
      state.textContent = 'the gateway did not answer: ' + e;
    }
  }

  document.getElementById('redrive').addEventListener('click', redrive);
  refresh();
  setInterval(refresh, REFRESH_MILLIS);
})();
