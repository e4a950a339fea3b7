'use strict';
// Shared by the dashboard's pages. Every string that comes from the results folder goes into the page as text
// (textContent, createTextNode), never as HTML, and the server's Content-Security-Policy runs no other script.

const DJ = {};

/** An element with attributes and children (strings become text nodes). */
DJ.el = function (tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return e;
};

DJ.param = (name) => new URLSearchParams(location.search).get(name);
DJ.params = (name) => new URLSearchParams(location.search).getAll(name);

DJ.json = async function (url) {
  const r = await fetch(url, {cache: 'no-store'});
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
  return body;
};

DJ.href = {
  run: (id) => '/run.html?id=' + encodeURIComponent(id),
  sweep: (id) => '/sweep.html?id=' + encodeURIComponent(id),
  file: (path) => '/files/' + path.split('/').map(encodeURIComponent).join('/'),
  compare: (ids) => '/compare.html?' + ids.map((i) => 'id=' + encodeURIComponent(i)).join('&'),
};

DJ.percent = (v) => (v === null || v === undefined ? '–' : (100 * v).toFixed(2));
DJ.seconds = function (s) {
  if (s === null || s === undefined) return '–';
  if (s < 60) return s.toFixed(1) + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.round((s % 3600) / 60) + ' min';
};
DJ.when = function (ms) {
  if (!ms) return '–';
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' +
    pad(d.getMinutes());
};
DJ.statusClass = (s) => 'status status-' + String(s).toLowerCase().replace(/[^a-z-]/g, '');
DJ.status = (s) => DJ.el('span', {class: DJ.statusClass(s), text: s});
DJ.progress = function (done, total) {
  const bar = DJ.el('span');
  const frac = total ? Math.max(0, Math.min(1, done / total)) : 0;
  bar.style.width = Math.round(100 * frac) + '%';
  return DJ.el('span', {}, DJ.el('span', {class: 'progress'}, bar), total ? done + '/' + total : String(done));
};

DJ.where = function (...parts) {
  const w = document.getElementById('where');
  w.textContent = '';
  parts.forEach((p, i) => {
    if (i) w.appendChild(document.createTextNode(' / '));
    w.appendChild(typeof p === 'string' ? document.createTextNode(p) : p);
  });
};

DJ.fail = function (message) {
  const main = document.getElementById('main');
  main.textContent = '';
  main.appendChild(DJ.el('p', {class: 'problem', text: message}));
  document.body.dataset.ready = '1';
};

// ---- CSV ---------------------------------------------------------------------------------------------------------

DJ.csv = function (header, rows) {
  const cell = (v) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
};

/** A "CSV" link that downloads what the table holds when clicked (built then, so it is never stale). */
DJ.csvLink = function (name, table) {
  const a = DJ.el('a', {class: 'csv', href: '#', download: name + '.csv', text: 'CSV'});
  a.addEventListener('click', () => {
    const t = table();
    a.href = 'data:text/csv;charset=utf-8,' + encodeURIComponent(DJ.csv(t.header, t.rows));
  });
  return a;
};

// ---- tables ------------------------------------------------------------------------------------------------------

const numeric = (v) => {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return NaN;
  const m = v.replace(/,/g, '').match(/^[-+]?\d*\.?\d+(e[-+]?\d+)?/i);
  return m ? parseFloat(m[0]) : NaN;
};

function compareValues(a, b) {
  const x = numeric(a), y = numeric(b);
  if (!isNaN(x) && !isNaN(y)) return x - y;
  if (a === null || a === undefined || a === '–') return 1;
  if (b === null || b === undefined || b === '–') return -1;
  return String(a).localeCompare(String(b));
}

/**
 * A sortable table with a CSV link. columns: {title, value(row) for sorting and CSV, cell(row) -> text or node,
 * cls, best(row) -> bool}. Rows are kept by id so one can be replaced in place.
 */
DJ.Table = class {
  constructor(name, columns, options) {
    this.name = name;
    this.columns = columns;
    this.options = options || {};
    this.rows = new Map();
    this.trs = new Map();
    this.sort = this.options.sort || null;
    this.filter = () => true;
    this.table = DJ.el('table', {'data-table': name});
    this.element = DJ.el('div', {},
      DJ.el('div', {class: 'tablehead'}, this.options.title ? DJ.el('h2', {text: this.options.title}) : null,
        DJ.csvLink(name, () => this.visible())),
      DJ.el('div', {class: 'scroll'}, this.table));
  }

  id(row, i) {
    return this.options.id ? this.options.id(row) : String(i);
  }

  setRows(rows) {
    this.rows = new Map(rows.map((r, i) => [this.id(r, i), r]));
    this.render();
  }

  /** Replaces one row in place (or adds it); true when it was there. */
  put(row) {
    const id = this.id(row);
    const had = this.rows.has(id);
    this.rows.set(id, row);
    const old = this.trs.get(id);
    if (had && old) {
      const tr = this.tr(id, row);
      old.replaceWith(tr);
      tr.hidden = !this.filter(row);
    } else {
      this.render();
    }
    return had;
  }

  remove(id) {
    if (this.rows.delete(id)) this.render();
  }

  ordered() {
    const rows = [...this.rows.entries()];
    if (this.sort) {
      const col = this.columns[this.sort.index];
      rows.sort((a, b) => this.sort.dir * compareValues(col.value(a[1]), col.value(b[1])));
    }
    return rows;
  }

  visible() {
    const rows = this.ordered().filter(([, r]) => this.filter(r));
    return {
      header: this.columns.filter((c) => !c.noCsv).map((c) => c.title),
      rows: rows.map(([, r]) => this.columns.filter((c) => !c.noCsv).map((c) => c.value(r))),
    };
  }

  tr(id, row) {
    const tr = DJ.el('tr', {'data-id': id, class: this.options.rowClass ? this.options.rowClass(row) : null});
    this.columns.forEach((c) => {
      const content = c.cell ? c.cell(row) : c.value(row);
      const td = DJ.el('td', {class: [c.cls || '', c.best && c.best(row) ? 'best' : ''].join(' ').trim() || null});
      td.appendChild(content instanceof Node ? content
        : document.createTextNode(content === null || content === undefined ? '–' : String(content)));
      tr.appendChild(td);
    });
    this.trs.set(id, tr);
    return tr;
  }

  render() {
    this.table.textContent = '';
    this.trs = new Map();
    const head = DJ.el('tr');
    this.columns.forEach((c, i) => {
      const sorted = this.sort && this.sort.index === i ? (this.sort.dir > 0 ? ' sorted-asc' : ' sorted-desc') : '';
      head.appendChild(DJ.el('th', {
        class: ((c.cls || '') + sorted).trim() || null, title: 'sort',
        onclick: () => {
          this.sort = {index: i, dir: this.sort && this.sort.index === i ? -this.sort.dir : (c.descending ? -1 : 1)};
          this.render();
        },
      }, c.title));
    });
    const thead = DJ.el('thead', {}, head);
    const tbody = DJ.el('tbody');
    for (const [id, row] of this.ordered()) {
      const tr = this.tr(id, row);
      tr.hidden = !this.filter(row);
      tbody.appendChild(tr);
    }
    this.table.append(thead, tbody);
  }

  setFilter(f) {
    this.filter = f;
    for (const [id, row] of this.rows) {
      const tr = this.trs.get(id);
      if (tr) tr.hidden = !f(row);
    }
  }
};

/** A table of the report (header, rows of text, best marks) as a DJ.Table. */
DJ.grid = function (name, grid, options) {
  options = options || {};
  const columns = grid.header.map((title, i) => ({
    title, value: (r) => r.cells[i], cls: i === 0 || (options.left || []).includes(i) ? 'l' : null,
    best: grid.best ? (r) => r.best && r.best[i] : null,
    cell: options.cell ? (r) => options.cell(r, i) : null,
  }));
  const t = new DJ.Table(name, columns, {title: options.title, rowClass: options.rowClass});
  t.setRows(grid.rows.map((cells, k) => ({cells, best: grid.best ? grid.best[k] : null, index: k})));
  return t;
};

// ---- live updates ------------------------------------------------------------------------------------------------

/** Listens to the server's event stream; after a reconnect, handlers.resync() catches up on what was missed. */
DJ.listen = function (handlers) {
  const live = document.getElementById('live');
  let connected = false;
  let opened = false;
  const source = new EventSource('/api/events');
  source.addEventListener('hello', () => {
    live.className = 'live on';
    live.textContent = 'live';
    if (opened && handlers.resync) handlers.resync();
    opened = true;
    connected = true;
  });
  source.onerror = () => {
    connected = false;
    live.className = 'live off';
    live.textContent = 'reconnecting';
  };
  for (const kind of ['run', 'rows', 'sweep', 'gone']) {
    source.addEventListener(kind, (e) => {
      if (handlers[kind]) handlers[kind](JSON.parse(e.data));
    });
  }
  return () => connected;
};

/** Calls f at most once per delay, after the last call (many events in one poll make one reload). */
DJ.debounce = function (f, delay) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(f, delay);
  };
};

// ---- charts (uPlot) ----------------------------------------------------------------------------------------------

DJ.palette = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f',
  '#bab0ac'];
DJ.fade = function (hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
};

/**
 * A line chart. lines: [{label, x: [], y: [], color, dash, width, markers (points only), stepped, scale ('y' or another),
 * band: {low: [], high: []}}].
 * The lines' x values are merged (a line without a point at some x is drawn across the gap). scales: extra y axes,
 * {key: {label, side}}.
 */
DJ.Chart = class {
  constructor(title, xLabel, yLabel, options) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.options = options || {};
    this.body = DJ.el('div');
    this.element = DJ.el('div', {class: 'chart', 'data-chart': title, 'data-points': '0', 'data-lines': '0'},
      DJ.el('div', {class: 'title', text: title}), this.body);
    this.plot = null;
  }

  width() {
    return Math.max(300, Math.min(this.element.clientWidth || 570, 570) - 14);
  }

  /** Draws the lines, replacing what was drawn. */
  set(lines) {
    lines = lines.filter((l) => l.x.some((v, i) => v !== null && l.y[i] !== null && isFinite(l.y[i])));
    const xs = [...new Set(lines.flatMap((l) => l.x.filter((v) => v !== null)))].sort((a, b) => a - b);
    const at = new Map(xs.map((x, i) => [x, i]));
    const column = (l, values) => {
      const out = new Array(xs.length).fill(null);
      l.x.forEach((x, i) => {
        const v = values[i];
        if (x !== null && v !== null && v !== undefined && isFinite(v)) out[at.get(x)] = v;
      });
      return out;
    };
    const data = [xs];
    const series = [{label: this.xLabel}];
    const bands = [];
    const hidden = [];
    lines.forEach((l, k) => {
      const color = l.color || DJ.palette[k % DJ.palette.length];
      data.push(column(l, l.y));
      // markers: points alone, no line between them (a trial's value, not a curve).
      series.push({label: l.label, stroke: color, width: l.markers ? 0 : (l.width || 1.8), scale: l.scale || 'y',
        spanGaps: !l.markers, dash: l.dash,
        paths: l.markers ? () => null : l.stepped ? uPlot.paths.stepped({align: 1}) : undefined,
        points: {show: l.markers || xs.length <= 30, size: l.markers ? 8 : 4, fill: l.markers ? color : undefined}});
      if (l.band) {
        const lineIndex = series.length - 1;
        data.push(column(l, l.band.high), column(l, l.band.low));
        series.push({label: l.label + ' high', stroke: 'transparent', width: 0, scale: l.scale || 'y',
          spanGaps: true, points: {show: false}});
        series.push({label: l.label + ' low', stroke: 'transparent', width: 0, scale: l.scale || 'y',
          spanGaps: true, points: {show: false}});
        bands.push({series: [lineIndex + 1, lineIndex + 2], fill: DJ.fade(color, 0.18)});
        hidden.push(lineIndex + 1, lineIndex + 2);
      }
    });
    this.element.dataset.points = String(xs.length);
    this.element.dataset.lines = String(lines.length);
    // Epochs and iterations are whole numbers: no tick at epoch 1.5.
    const whole = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000, 500000];
    const axes = [{label: this.xLabel, incrs: whole}, {label: this.yLabel, scale: 'y'}];
    const scales = {x: {time: false}, y: {}};
    for (const [key, s] of Object.entries(this.options.scales || {})) {
      scales[key] = {};
      axes.push({label: s.label, scale: key, side: 1, grid: {show: false}});
    }
    if (this.plot) this.plot.destroy();
    this.body.textContent = '';
    if (!xs.length) {
      this.body.appendChild(DJ.el('p', {class: 'note', text: 'no point recorded yet'}));
      this.plot = null;
      return;
    }
    this.plot = new uPlot({width: this.width(), height: this.options.height || 260, series, axes, scales, bands,
      legend: {live: false}, cursor: {drag: {x: true, y: false}}}, data, this.body);
    // The bands' edges are series to uPlot, and so is the x axis: the legend need not list them.
    const rows = this.plot.root.querySelectorAll('.u-legend .u-series');
    const offset = rows.length === series.length ? 0 : -1;
    if (offset === 0 && rows[0]) rows[0].style.display = 'none';
    hidden.forEach((i) => {
      if (rows[i + offset]) rows[i + offset].style.display = 'none';
    });
  }
};

/** A run's curves as columns: {columns, rows} to {name: [values]}. */
DJ.columns = function (curve) {
  const out = {};
  (curve.columns || []).forEach((c, i) => {
    out[c] = curve.rows.map((r) => r[i]);
  });
  return out;
};

DJ.has = (cols, name) => cols[name] && cols[name].some((v) => v !== null && isFinite(v));
DJ.scale = (values, factor) => values.map((v) => (v === null ? null : v * factor));

/** A table of keys and values (a flattened spec, an environment). */
DJ.keyValues = function (name, title, map) {
  const t = new DJ.Table(name, [
    {title: 'field', value: (r) => r[0], cls: 'l'},
    {title: 'value', value: (r) => r[1], cls: 'l'},
  ], {title});
  t.setRows(Object.entries(map || {}));
  return t;
};
