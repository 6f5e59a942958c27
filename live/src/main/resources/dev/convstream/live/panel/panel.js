'use strict';
// The convstream control panel: draws the chain from /api/chain, sends changes to the API, and
// follows the status frames of the WebSocket. No build step, no outside resources.
(function () {
  const token = new URLSearchParams(location.search).get('token');
  const query = token ? '?token=' + encodeURIComponent(token) : '';
  const $ = (id) => document.getElementById(id);
  const STEPS = 1000;
  let chain = null;
  const editing = new Set();

  function say(text, kind) {
    const m = $('message');
    m.textContent = text;
    m.className = kind || '';
  }

  async function api(path, options) {
    const r = await fetch(path + query, options);
    if (!r.ok) {
      let message = r.status + ' ' + r.statusText;
      try {
        const body = await r.json();
        if (body.error) message = body.error;
      } catch (e) { /* not JSON: keep the status line */ }
      throw new Error(message);
    }
    return r;
  }

  function postJson(path, body) {
    return api(path, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
  }

  function position(p, v) {
    return p.scale === 'log' ? Math.log(v / p.min) / Math.log(p.max / p.min) : (v - p.min) / (p.max - p.min);
  }

  function value(p, x) {
    const v = p.scale === 'log' ? p.min * Math.pow(p.max / p.min, x) : p.min + (p.max - p.min) * x;
    return Math.min(p.max, Math.max(p.min, v));
  }

  function fmt(v) {
    const a = Math.abs(v);
    return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
  }

  // Latest value wins: at most one request per parameter in flight, the newest value sent next.
  const waiting = new Map();
  const flying = new Set();
  function sendParameter(i, p, v) {
    const key = i + '/' + p.id;
    p.value = v; // what the page shows now; status frames change it only when the engine differs
    waiting.set(key, v);
    if (!flying.has(key)) flush(key, i, p);
  }
  function flush(key, i, p) {
    if (!waiting.has(key)) return;
    const v = waiting.get(key);
    waiting.delete(key);
    flying.add(key);
    postJson('/api/plugins/' + i + '/parameters/' + encodeURIComponent(p.id), {value: v})
      .catch((e) => say(e.message, 'error'))
      .finally(() => { flying.delete(key); flush(key, i, p); });
  }

  function element(tag, attributes, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attributes || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function parameterRow(i, p) {
    const key = 'p-' + i + '-' + p.id;
    const row = element('div', {class: 'param'});
    const label = element('label', {for: key, title: p.name + ' (double-click: default ' + p.defaultValue + ')'}, p.name);
    const slider = element('input', {type: 'range', id: key, min: 0, max: STEPS, step: 1});
    const number = element('input', {type: 'number', id: key + '-value', min: p.min, max: p.max, step: 'any'});
    const unit = element('span', {class: 'unit'}, p.unit);
    slider.value = Math.round(position(p, p.value) * STEPS);
    number.value = fmt(p.value);
    slider.addEventListener('input', () => {
      const v = value(p, slider.value / STEPS);
      number.value = fmt(v);
      sendParameter(i, p, v);
    });
    for (const e of [slider, number]) {
      e.addEventListener('focus', () => editing.add(e.id));
      e.addEventListener('blur', () => editing.delete(e.id));
    }
    number.addEventListener('change', () => {
      const v = parseFloat(number.value);
      if (!(v >= p.min && v <= p.max)) {
        say(p.name + ' must be in [' + p.min + ', ' + p.max + '] ' + p.unit + ', found ' + number.value, 'error');
        return;
      }
      slider.value = Math.round(position(p, v) * STEPS);
      sendParameter(i, p, v);
    });
    label.addEventListener('dblclick', () => {
      slider.value = Math.round(position(p, p.defaultValue) * STEPS);
      number.value = fmt(p.defaultValue);
      sendParameter(i, p, p.defaultValue);
    });
    row.append(label, slider, number, unit);
    return row;
  }

  function resourceRow(i, r) {
    const key = 'r-' + i + '-' + r.id;
    const row = element('div', {class: 'resource'});
    const label = element('label', {class: 'file', title: r.description}, 'Load ' + r.id + ' ');
    const input = element('input', {type: 'file', id: key});
    const current = element('div', {class: 'value', id: key + '-value'},
      r.value ? r.value.split(/[\\/]/).pop() : 'none: passes audio through');
    input.addEventListener('change', async () => {
      const file = input.files[0];
      if (!file) return;
      say('loading ' + file.name + ' into ' + chain.plugins[i].id + '...', '');
      try {
        await api('/api/plugins/' + i + '/resources/' + encodeURIComponent(r.id), {
          method: 'POST',
          headers: {'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name)},
          body: file,
        });
        say('loaded ' + file.name + ' as ' + chain.plugins[i].id + ' ' + r.id, 'ok');
        await refresh();
      } catch (e) {
        say(e.message, 'error');
      } finally {
        input.value = '';
      }
    });
    label.append(input);
    row.append(label, current);
    return row;
  }

  function render() {
    const box = $('plugins');
    box.replaceChildren();
    for (const p of chain.plugins) {
      const card = element('div', {class: 'plugin' + (p.bypassed ? ' bypassed' : ''), id: 'plugin-' + p.index});
      const head = element('div', {class: 'plugin-head'});
      const title = element('h2', {}, (p.index + 1) + '. ' + p.name);
      title.append(element('span', {class: 'id'}, p.id + (p.latency ? ', latency ' + p.latency + ' samples' : '')));
      const bypassLabel = element('label', {}, 'bypass ');
      const bypass = element('input', {type: 'checkbox', id: 'plugin-' + p.index + '-bypass'});
      bypass.checked = p.bypassed;
      bypass.addEventListener('change', () => {
        card.classList.toggle('bypassed', bypass.checked);
        postJson('/api/plugins/' + p.index + '/bypass', {bypassed: bypass.checked})
          .catch((e) => say(e.message, 'error'));
      });
      bypassLabel.append(bypass);
      head.append(title, bypassLabel);
      card.append(head);
      for (const param of p.parameters) card.append(parameterRow(p.index, param));
      for (const r of p.resources) card.append(resourceRow(p.index, r));
      box.append(card);
    }
  }

  // One reading of the chain at a time: a status frame that sees a new revision while the page
  // is already reading it joins that reading instead of starting another.
  let reading = null;
  function refresh() {
    if (!reading) {
      reading = (async () => {
        try {
          chain = await (await api('/api/chain')).json();
          render();
        } finally {
          reading = null;
        }
      })();
    }
    return reading;
  }

  function followValues(f) {
    f.values.forEach((values, i) => {
      const plugin = chain.plugins[i];
      if (!plugin) return;
      values.forEach((v, j) => {
        const p = plugin.parameters[j];
        const key = 'p-' + i + '-' + p.id;
        if (editing.has(key) || editing.has(key + '-value') || waiting.has(i + '/' + p.id)) return;
        if (p.value !== v) {
          p.value = v;
          $(key).value = Math.round(position(p, v) * STEPS);
          $(key + '-value').value = fmt(v);
        }
      });
      const bypass = $('plugin-' + i + '-bypass');
      if (bypass && bypass.checked !== f.bypassed[i]) {
        bypass.checked = f.bypassed[i];
        $('plugin-' + i).classList.toggle('bypassed', f.bypassed[i]);
      }
    });
  }

  function meter(id, db, clipped) {
    const width = Math.max(0, Math.min(1, (db + 60) / 66));
    $('meter-' + id).style.width = (width * 100).toFixed(1) + '%';
    $('meter-' + id + '-db').textContent = db <= -119 ? '-inf' : db.toFixed(1) + ' dB';
    $('clip-' + id).textContent = clipped > 0 ? clipped + ' clipped' : '';
  }

  function percent(load) {
    return load > 2 ? '>200%' : (load * 100).toFixed(1) + '%';
  }

  // A dark-to-bright map (black, purple, orange, pale yellow) for the spectrograms.
  const palette = [];
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    const r = Math.round(255 * Math.min(1, 1.8 * t));
    const g = Math.round(255 * Math.max(0, Math.min(1, 2.2 * t - 0.9)));
    const b = Math.round(255 * Math.max(0, Math.min(1, t < 0.4 ? 1.6 * t : 1.4 - 1.2 * t + Math.max(0, 3 * t - 2.4))));
    palette.push('rgb(' + r + ',' + g + ',' + b + ')');
  }

  function spectrogram(id, base64, mels) {
    if (!base64) return;
    const bytes = atob(base64);
    const columns = bytes.length / mels;
    if (columns < 1) return;
    const canvas = $(id);
    const g = canvas.getContext('2d');
    const bandHeight = canvas.height / mels;
    g.drawImage(canvas, -columns, 0);
    for (let c = 0; c < columns; c++) {
      const x = canvas.width - columns + c;
      for (let m = 0; m < mels; m++) {
        g.fillStyle = palette[bytes.charCodeAt(c * mels + m)];
        g.fillRect(x, canvas.height - (m + 1) * bandHeight, 1, bandHeight);
      }
    }
  }

  function update(f) {
    meter('in', f.inDb, f.inClipped);
    meter('out', f.outDb, f.outClipped);
    $('stream').textContent = f.backend + ', ' + f.sampleRate + ' Hz, block ' + f.blockMillis.toFixed(2) + ' ms';
    $('latency').textContent = f.latencyMillis.toFixed(1) + ' ms (chain ' + f.chainLatencyMillis.toFixed(1) + ' ms)';
    $('load').textContent = percent(f.loadP50) + ' / ' + percent(f.loadP99);
    $('xruns').textContent = String(f.xruns);
    $('xruns').className = f.xruns > 0 ? 'bad' : '';
    spectrogram('spec-in', f.spectrumIn, f.mels);
    spectrogram('spec-out', f.spectrumOut, f.mels);
    if (!chain) return;
    if (f.revision > chain.revision) {
      refresh().catch((e) => say(e.message, 'error'));
      return;
    }
    followValues(f);
  }

  function connect() {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws' + query);
    ws.onopen = () => { $('connection').textContent = 'live'; };
    ws.onmessage = (e) => update(JSON.parse(e.data));
    ws.onclose = () => {
      $('connection').textContent = 'reconnecting';
      setTimeout(connect, 1000);
    };
  }

  $('save-state').addEventListener('click', async () => {
    try {
      const text = await (await api('/api/state')).text();
      const pretty = JSON.stringify(JSON.parse(text), null, 2);
      $('state-json').value = pretty;
      const link = $('state-download');
      if (link.href) URL.revokeObjectURL(link.href);
      link.href = URL.createObjectURL(new Blob([pretty + '\n'], {type: 'application/json'}));
      link.hidden = false;
      say('state saved: the chain JSON is below', 'ok');
    } catch (e) {
      say(e.message, 'error');
    }
  });

  $('load-state').addEventListener('change', async () => {
    const input = $('load-state');
    const file = input.files[0];
    if (!file) return;
    try {
      await api('/api/state', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: await file.text()});
      say('state loaded from ' + file.name, 'ok');
      await refresh();
    } catch (e) {
      say(file.name + ': ' + e.message, 'error');
    } finally {
      input.value = '';
    }
  });

  refresh().then(connect).catch((e) => say(e.message, 'error'));
})();
