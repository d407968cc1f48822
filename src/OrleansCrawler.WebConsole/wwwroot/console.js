// The web console: a page per hash route (#/jobs, #/job/ID, #/submit, #/silos), all data from /api (docs/console.md).
// The chart is a hand-drawn SVG polyline (a few lines below): no charting library, so no npm build step for one chart.
'use strict';
const state = { token: sessionStorage.getItem('ocrawl-token'), csrf: null, me: null, stream: null, timers: [], samples: [], after: null, resultsSeq: 0, resultsLive: true, search: '' };
const $ = id => document.getElementById(id);
const enc = encodeURIComponent;
const fmt = n => (n ?? 0).toLocaleString('en');
const isOperator = () => state.me && state.me.role === 'operator';

function say(text) { $('message').textContent = text || ''; }

async function api(method, path, body, withHeaders) {
  const headers = {};
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  else if (method !== 'GET' && state.csrf) headers['X-CSRF-TOKEN'] = state.csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401 && path !== '/api/login') { showLogin(); throw new Error('Please log in.'); }
  if (!r.ok) {
    if (r.status === 403) throw new Error('Refused (403): only an operator may do this.');
    const p = await r.json().catch(() => ({}));
    const fields = p.errors ? ' ' + Object.values(p.errors).flat().join(' ') : '';
    throw new Error(`${r.status}: ${p.title || r.statusText}${p.detail ? ' ' + p.detail : ''}${fields}`);
  }
  const data = r.status === 204 ? null : await r.json();
  return withHeaders ? { data, headers: r.headers } : data;
}

function rows(tableId, items, cells) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren(...items.map(item => {
    const tr = document.createElement('tr');
    for (const c of cells(item)) {
      const td = document.createElement('td');
      if (c instanceof Node) td.append(c); else td.textContent = c ?? '';
      if (typeof c === 'number') td.className = 'n';
      tr.append(td);
    }
    return tr;
  }));
}

function link(href, text) { const a = document.createElement('a'); a.href = href; a.textContent = text; return a; }

function show(view) {
  for (const s of document.querySelectorAll('main > section')) s.hidden = s.id !== 'view-' + view;
  $('nav').hidden = view === 'login';
}

function stop() {
  state.timers.forEach(clearInterval); state.timers = [];
  if (state.stream) { state.stream.abort(); state.stream = null; }
}

function every(ms, f) { f(); state.timers.push(setInterval(f, ms)); }

function showLogin() { stop(); state.me = null; show('login'); }

async function start() {
  try {
    state.me = await api('GET', '/api/me');
    if (!state.token) state.csrf = (await api('GET', '/api/csrf')).token;
    $('who').textContent = `${state.me.name} (${state.me.role})`;
    route();
  } catch (e) { say(e.message === 'Please log in.' ? '' : e.message); }
}

function route() {
  stop(); say('');
  if (!state.me) return showLogin();
  const [, page, id] = location.hash.split('/');
  if (page === 'job' && id) return jobPage(decodeURIComponent(id));
  if (page === 'submit') { show('submit'); return; }
  if (page === 'silos') return silosPage();
  jobsPage();
}

function jobsPage() {
  show('jobs');
  every(2000, async () => {
    const jobs = await api('GET', '/api/jobs').catch(e => { say(e.message); return []; });
    rows('jobs-table', jobs, j => [link('#/job/' + enc(j.jobId), j.jobId), j.state, j.counters.fetched + j.counters.failed,
      j.pagesPerSecond, Object.values(j.errors).reduce((a, b) => a + b, 0), new Date(j.startedAt).toLocaleString(), j.submittedBy || 'cli']);
  });
}

function drawChart() {
  const s = state.samples.slice(-120), max = Math.max(1, ...s.map(x => Math.max(x.pagesPerSecond, x.errorsPerSecond)));
  const pts = key => s.map((x, i) => `${(i * 600 / Math.max(1, s.length - 1)).toFixed(1)},${(158 - x[key] / max * 140).toFixed(1)}`).join(' ');
  $('chart-pages').setAttribute('points', pts('pagesPerSecond'));
  $('chart-errors').setAttribute('points', pts('errorsPerSecond'));
  $('chart').dataset.samples = state.samples.length;
  $('chart-max').textContent = `max ${fmt(Math.round(max))}/s`;
  const last = s[s.length - 1];
  $('chart-now').textContent = last ? `now ${fmt(last.pagesPerSecond)} pages/s, ${fmt(last.errorsPerSecond)} errors/s` : '';
}

function showJob(j) {
  $('job-state').textContent = j.state;
  const c = j.counters;
  const table = [['fetched', c.fetched], ['failed', c.failed], ['queued', c.queued], ['in flight', c.inFlight], ['accepted', c.accepted],
    ['settled', c.settled], ['robots denied', c.robotsDenied], ['refused', c.refused], ['skipped', c.skipped], ['retries', c.retries],
    ['MiB', +(c.bytes / 1048576).toFixed(1)], ['pages/s (average)', j.pagesPerSecond], ['hosts parked', c.hostsParked],
    ['hosts given up', c.hostsGivenUp], ['submitted by', j.submittedBy || 'cli'], ['problem', j.problem || 'none']];
  rows('counters', table, ([k, v]) => [k, v]);
  for (const t of $('counters').tBodies[0].rows) t.cells[1].id = 'counter-' + t.cells[0].textContent.replace(/\W+/g, '-');
  const over = ['completed', 'cancelled'].includes(j.state);
  $('btn-pause').disabled = !isOperator() || j.state !== 'running';
  $('btn-resume').disabled = !isOperator() || j.state !== 'paused';
  $('btn-cancel').disabled = !isOperator() || over;
}

async function follow(id) {
  const ctrl = new AbortController(); state.stream = ctrl;
  const r = await fetch(`/api/jobs/${enc(id)}/events`, { headers: state.token ? { Authorization: 'Bearer ' + state.token } : {}, signal: ctrl.signal });
  if (!r.ok) throw new Error(`${r.status}: no such job`);
  const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const data = buffer.slice(0, end).split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5)).join('\n');
      buffer = buffer.slice(end + 2);
      if (data) { const sample = JSON.parse(data); state.samples.push(sample); showJob(sample.job); drawChart(); }
    }
  }
}

// Without a search: the last fetched first (refreshed while on its first page); a search is done by the server, in URL order.
async function loadResults(id, more) {
  const search = state.search; // what was last submitted, not what is being typed
  if (!more) state.after = null;
  const seq = ++state.resultsSeq;
  state.resultsLive = !search && !more;
  const q = `limit=50${search ? '&search=' + enc(search) : '&order=latest'}${state.after ? '&after=' + enc(state.after) : ''}`;
  const page = await api('GET', `/api/jobs/${enc(id)}/results?${q}`);
  if (seq !== state.resultsSeq) return; // a later request (a search, the next page) has been made meanwhile
  state.after = page.next;
  $('results-next').hidden = !page.next;
  $('results-order').textContent = search ? `URLs containing "${search}", in URL order` : 'the last fetched first';
  rows('results-table', page.items, r => [r.url, r.status, r.title, r.error, new Date(r.fetchedAt).toLocaleTimeString()]);
}

function jobPage(id) {
  show('job');
  $('job-id').textContent = id;
  state.samples = []; drawChart();
  follow(id).catch(e => { if (e.name !== 'AbortError') say(e.message); });
  every(3000, () => api('GET', `/api/jobs/${enc(id)}/errors`).then(errors =>
    rows('errors-table', errors, e => [e.kind, e.count, e.sampleUrls.join('\n')])).catch(e => say(e.message)));
  every(3000, () => api('GET', `/api/jobs/${enc(id)}/hosts?limit=200`, undefined, true).then(({ data: hosts, headers }) => {
    // Live from the partitions in memory; the others' hosts as each saved them when it left memory (column "As of").
    const asOf = headers.get('X-Hosts-As-Of'), asked = (headers.get('X-Partitions-Asked') || '?/?').split('/');
    const stored = headers.get('X-Partitions-Stored') || '0';
    $('hosts-note').textContent = `As of ${asOf ? new Date(asOf).toLocaleTimeString() : '?'}: ${asked[0]} of the job's ${asked[1]} partitions `
      + `in memory (live), ${stored} from the summary each saved as it left memory (its time in "As of").`;
    rows('hosts-table', hosts, h => [h.authority, h.partition, h.queued, h.workers, h.delay, h.state,
      h.notBefore ? new Date(h.notBefore).toLocaleTimeString() : '', h.robots || '-',
      h.savedAt ? new Date(h.savedAt).toLocaleString() : 'live']);
  }).catch(e => say(e.message)));
  state.resultsLive = true; state.search = $('results-search').value.trim();
  every(3000, () => { if (state.resultsLive) loadResults(id, false).catch(e => say(e.message)); });
  for (const b of document.querySelectorAll('.controls button')) {
    b.onclick = () => api('POST', `/api/jobs/${enc(id)}/${b.dataset.action}`).then(showJob).catch(e => say(e.message));
  }
  $('results-form').onsubmit = ev => { ev.preventDefault(); state.search = $('results-search').value.trim(); loadResults(id, false).catch(e => say(e.message)); };
  $('results-next').onclick = () => loadResults(id, true).catch(e => say(e.message));
}

async function silosPage() {
  show('silos');
  every(5000, async () => {
    const silos = await api('GET', '/api/silos').catch(e => { say(e.message); return []; });
    rows('silos-table', silos, s => [s.address, s.name, s.status, `${s.partitions.length}: ${s.partitions.slice(0, 20).join(' ')}${s.partitions.length > 20 ? ' ...' : ''}`]);
  });
}

$('login-form').onsubmit = async ev => {
  ev.preventDefault();
  state.token = null; sessionStorage.removeItem('ocrawl-token');
  try { await api('POST', '/api/login', { name: $('login-name').value, password: $('login-password').value }); say(''); await start(); }
  catch (e) { say(e.message); }
};
$('token-form').onsubmit = async ev => {
  ev.preventDefault();
  state.token = $('login-token').value.trim(); sessionStorage.setItem('ocrawl-token', state.token);
  await start();
};
$('logout').onclick = async () => {
  if (!state.token) await api('POST', '/api/logout').catch(() => {});
  state.token = null; state.csrf = null; sessionStorage.removeItem('ocrawl-token'); showLogin();
};
$('submit-file').onchange = async ev => { const f = ev.target.files[0]; if (f) $('submit-seeds').value = await f.text(); };
$('submit-extract-file').onchange = async ev => { const f = ev.target.files[0]; if (f) $('submit-extract').value = await f.text(); };
$('submit-form').onsubmit = async ev => {
  ev.preventDefault();
  const body = { seeds: $('submit-seeds').value, scope: $('submit-scope').value };
  for (const k of ['jobId', 'contact']) if ($('submit-' + k).value.trim()) body[k] = $('submit-' + k).value.trim();
  for (const k of ['maxPages', 'maxDepth', 'concurrency', 'perHost', 'delayMs', 'partitions', 'maxPathVariants', 'maxQueryVariants',
    'hostBudget', 'retries', 'timeoutMs']) {
    if ($('submit-' + k).value !== '') body[k] = Number($('submit-' + k).value);
  }
  if ($('submit-content').value !== 'none') body.content = $('submit-content').value;
  for (const k of ['links', 'dedup', 'skipDuplicates', 'warc']) if ($('submit-' + k).checked) body[k] = true;
  if ($('submit-extract').value.trim()) body.extract = $('submit-extract').value;
  try { const job = await api('POST', '/api/jobs', body); location.hash = '#/job/' + enc(job.jobId); }
  catch (e) { say(e.message); }
};
window.addEventListener('hashchange', route);
start();
