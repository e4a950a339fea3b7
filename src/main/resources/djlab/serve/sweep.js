'use strict';
// One sweep: the report's comparison table, significance verdicts, an adaptive sweep's trials and optimisation
// history, overlaid curves with 95 % bands, the swept values against the objective, specs and environment; reloaded
// as its runs change.

(function () {
  const id = DJ.param('id');
  const main = document.getElementById('main');

  function parallel(report) {
    const axes = [...report.axes, report.objective];
    const trials = report.trials;
    const width = Math.max(420, 170 * axes.length);
    const height = 300;
    const top = 24;
    const bottom = 40;
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'parallel');
    svg.setAttribute('id', 'parallel');
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    const node = (tag, attrs, text) => {
      const e = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
      if (text !== undefined) e.textContent = text;
      svg.appendChild(e);
      return e;
    };
    const x = (i) => 60 + i * ((width - 120) / Math.max(1, axes.length - 1));
    // Each axis: numbers spread linearly (log when they span decades), other values as evenly spaced levels.
    const scales = axes.map((axis, i) => {
      const values = trials.map((t) => (i === axes.length - 1 ? t.objective : t.values[axis]))
        .filter((v) => v !== null && v !== undefined);
      const nums = values.map(Number);
      if (values.length && nums.every((v) => isFinite(v))) {
        let lo = Math.min(...nums), hi = Math.max(...nums);
        const log = lo > 0 && hi / lo >= 100;
        const f = log ? Math.log10 : (v) => v;
        if (hi === lo) {
          hi += 1;
          lo -= 1;
        }
        const pos = (v) => top + (height - top - bottom) * (1 - (f(Number(v)) - f(lo)) / (f(hi) - f(lo) || 1));
        return {pos, ticks: [lo, hi].map((v) => [pos(v), (+v.toPrecision(4)).toString()])};
      }
      const levels = [...new Set(values.map(String))].sort();
      const pos = (v) => top + (height - top - bottom) * (levels.length < 2 ? 0.5
        : levels.indexOf(String(v)) / (levels.length - 1));
      return {pos, ticks: levels.map((l) => [pos(l), l])};
    });
    const objectives = trials.map((t) => t.objective).filter((v) => v !== null);
    const lo = Math.min(...objectives), hi = Math.max(...objectives);
    const color = (v) => {
      if (v === null) return '#c9504a';
      const t = hi > lo ? (v - lo) / (hi - lo) : 1;
      return 'hsl(' + Math.round(220 - 100 * t) + ',65%,' + Math.round(55 - 15 * t) + '%)';
    };
    trials.forEach((t) => {
      const points = axes.map((axis, i) => {
        const v = i === axes.length - 1 ? t.objective : t.values[axis];
        return v === null || v === undefined ? null : [x(i), scales[i].pos(v)];
      });
      const drawn = points.filter((p) => p !== null);
      if (drawn.length < 2) return;
      const line = node('polyline', {class: 'trial', stroke: color(t.objective),
        points: drawn.map((p) => p[0].toFixed(1) + ',' + p[1].toFixed(1)).join(' ')});
      const title = document.createElementNS(ns, 'title');
      title.textContent = t.variant + (t.seed !== null ? ' seed ' + t.seed : '') + ': ' +
        (t.objective === null ? t.status : t.objective.toFixed(2) + ' %');
      line.appendChild(title);
    });
    axes.forEach((axis, i) => {
      node('line', {class: 'axis', x1: x(i), x2: x(i), y1: top, y2: height - bottom});
      node('text', {x: x(i), y: height - bottom + 18, 'text-anchor': 'middle'}, axis);
      scales[i].ticks.forEach(([y, label]) => node('text', {x: x(i) + 5, y: y + 4}, label));
    });
    return svg;
  }

  /** An adaptive sweep: each trial's state (pruned with its rung, completed, running) and the optimisation history. */
  function search(s) {
    const pct = s.metric.endsWith('accuracy');
    const shown = (v) => (v === null ? '–' : pct ? (100 * v).toFixed(2) + ' %' : v.toPrecision(4));
    const state = (t) => (t.state === 'pruned' ? 'pruned at rung ' + t.rung + ' (epoch ' + t.epoch + ')' : t.state);
    const table = new DJ.Table('search', [
      {title: 'trial', value: (t) => t.trial},
      {title: 'values', value: (t) => t.variant.replace(/^trial=\d+,?/, ''), cls: 'l'},
      {title: 'state', value: (t) => state(t), cls: 'l', cell: (t) => DJ.el('span', {class: 'status-' + t.state, text: state(t)})},
      {title: 'seeds', value: (t) => t.seeds},
      {title: s.metric, value: (t) => (t.value === null ? -Infinity : t.value), cell: (t) => shown(t.value)},
      {title: 'best so far', value: (t) => (t.best_so_far === null ? -Infinity : t.best_so_far), cell: (t) => shown(t.best_so_far)},
    ], {title: 'Trials'});
    table.setRows(s.trials);
    const scale = pct ? 100 : 1;
    const at = (keep) => {
      const x = [];
      const y = [];
      s.trials.forEach((t) => {
        const v = keep(t);
        if (v !== null && v !== undefined) {
          x.push(t.trial);
          y.push(v * scale);
        }
      });
      return {x, y};
    };
    const chart = new DJ.Chart('optimisation history', 'trial', s.metric + (pct ? ' (%)' : ''));
    const lines = [
      Object.assign({label: 'best so far', color: '#e15759', width: 2.2, stepped: true}, at((t) => t.best_so_far)),
      Object.assign({label: 'completed', color: '#4e79a7', markers: true}, at((t) => (t.state === 'completed' ? t.value : null))),
      Object.assign({label: 'pruned (at its rung)', color: '#9a9a9a', markers: true}, at((t) => (t.state === 'pruned' ? t.value : null))),
    ];
    const note = DJ.el('p', {class: 'note', text: 'Each trial\'s ' + s.metric + ' (' + (s.maximise ? 'higher' : 'lower')
      + ' is better), the mean over its seeds: a completed trial\'s final value, a pruned one\'s at the rung where it '
      + 'was stopped (fewer epochs: it does not count for the best so far).'});
    return {element: DJ.el('section', {id: 'search'}, DJ.el('h2', {text: 'Adaptive search'}), note,
      DJ.el('div', {class: 'charts'}, chart.element), table.element), draw: () => chart.set(lines)};
  }

  function overlays(report) {
    return report.overlays.map((o) => {
      const chart = new DJ.Chart(o.title, o.x, o.y);
      return {chart, lines: o.bands.map((b) => ({label: b.name, x: b.x, y: b.mean, band: {low: b.low, high: b.high}}))};
    });
  }

  function render(view) {
    main.textContent = '';
    const row = view.row;
    DJ.where(row.id === '.' ? row.name : row.id);
    main.append(DJ.el('h1', {id: 'title', text: row.name}),
      DJ.el('p', {class: 'meta'}, 'status ', DJ.status(row.status), ' · ', DJ.progress(row.states.completed || 0,
        row.planned), ' runs completed · ', Object.entries(row.states).map(([k, v]) => v + ' ' + k).join(', '),
      ' · started ', DJ.when(row.started), ' · took ', DJ.seconds(row.seconds)));
    if (view.report_html) {
      main.append(DJ.el('p', {class: 'meta'}, 'the written report: ',
        DJ.el('a', {href: DJ.href.file(view.report_html), text: 'report.html'})));
    }
    if (view.error) {
      main.append(DJ.el('p', {class: 'problem', text: 'The report cannot be computed: ' + view.error}));
      document.body.dataset.ready = '1';
      return;
    }
    const r = view.report;
    if (r.factors.length) main.append(DJ.el('p', {class: 'meta', text: 'varied: ' + r.factors.join('; ')}));
    if (r.findings.length) main.append(DJ.el('ul', {class: 'findings'}, ...r.findings.map((f) => DJ.el('li', {text: f}))));

    const variantRuns = new Map(r.variants.map((v) => [v.name, v]));
    const runPrefix = row.id === '.' ? '' : row.id + '/';
    const comparison = DJ.grid('comparison', r.comparison, {title: 'Comparison',
      cell: (gr, i) => {
        const text = gr.cells[i];
        if (i !== 0) return text;
        const v = variantRuns.get(text);
        const cell = DJ.el('span', {}, text, ' ');
        if (v) v.runs.forEach((run, k) => cell.append(DJ.el('a', {href: DJ.href.run(runPrefix + run), class: 'meta',
          title: run, text: '[' + (k + 1) + ']'}), ' '));
        return cell;
      }});
    main.append(comparison.element, DJ.el('p', {class: 'note', text: 'Mean ± sample standard deviation over the '
      + 'completed seeds of each variant (n), as djlab report computes them; ★ marks the best mean of each column. '
      + 'The links after a variant open its runs.'}));
    if (r.more_metrics) main.append(DJ.grid('more-metrics', r.more_metrics, {title: 'More metrics'}).element);
    if (r.search) {
      const adaptive = search(r.search);
      main.append(adaptive.element);
      adaptive.draw();
    }
    if (r.in_progress.length) {
      main.append(DJ.el('p', {class: 'meta', id: 'in-progress'}, 'training or stopped without a summary (in the '
        + 'tables once they end): ', ...r.in_progress.map((run) => [DJ.el('a', {href: DJ.href.run(runPrefix + run),
        text: run}), ' '])));
      const charts = DJ.el('div', {class: 'charts', id: 'in-progress-charts'});
      main.append(charts);
      inProgress(r.in_progress.slice(0, 20).map((run) => runPrefix + run), charts);
    }
    if (r.not_completed.length) {
      const left = new DJ.Table('not-completed', [
        {title: 'run', value: (x) => x.run, cls: 'l', cell: (x) => DJ.el('a', {href: DJ.href.run(runPrefix + x.run), text: x.title})},
        {title: 'status', value: (x) => x.status, cls: 'l', cell: (x) => DJ.status(x.status)},
        {title: 'error', value: (x) => x.error || '', cls: 'l wrap'},
      ], {title: 'Not completed, left out of the means'});
      left.setRows(r.not_completed);
      main.append(left.element);
    }
    if (r.significance.grid.rows.length) {
      const kinds = r.significance.kinds;
      const sig = DJ.grid('significance', r.significance.grid, {title: 'Is the difference meaningful?', left: [1, 2, 3, 8],
        cell: (gr, i) => (i === 8 ? DJ.el('span', {class: kinds[gr.index], text: gr.cells[i]}) : gr.cells[i])});
      main.append(sig.element, DJ.el('p', {class: 'note', text: 'Final test accuracy of B minus A, in percentage '
        + 'points: Welch\'s t-test over the seeds of each side at the 5 % level, as in djlab report.'}));
      if (r.significance.left_out) main.append(DJ.el('p', {class: 'note', text: r.significance.left_out}));
    }
    const drawn = overlays(r);
    main.append(DJ.el('h2', {text: 'Curves across variants'}), DJ.el('p', {class: 'note', text: 'One line per '
      + 'variant: the mean over its seeds; the shaded band is the 95 % confidence interval of that mean.'}),
    DJ.el('div', {class: 'charts', id: 'overlays'}, ...drawn.map((d) => d.chart.element)));
    drawn.forEach((d) => d.chart.set(d.lines));
    if (r.axes.length && r.trials.length) {
      main.append(DJ.el('h2', {text: 'Swept values against the objective'}), DJ.el('p', {class: 'note',
        text: 'One line per run, from its swept values to its ' + r.objective + '; the better, the greener. '
          + 'Runs that did not complete end at the last axis they have.'}), DJ.el('div', {class: 'scroll'}, parallel(r)));
    }
    const specs = DJ.grid('specs', r.specs, {title: 'Specs', rowClass: (gr) => (r.differing.includes(gr.cells[0]) ? 'diff' : null)});
    main.append(specs.element, DJ.el('p', {class: 'note', text: 'Highlighted: the fields in which the variants differ.'}));
    if (r.environment.rows.length) main.append(DJ.grid('environment', r.environment, {title: 'Environment'}).element);
    if (view.pictures.length) {
      main.append(DJ.el('h2', {text: 'Networks (from the written report)'}));
      r.variants.forEach((v) => {
        const mine = view.pictures.filter((p) => p.split('/').pop().startsWith(v.picture_prefix + '-'));
        if (!mine.length) return;
        main.append(DJ.el('h3', {text: v.name + (v.best ? ' · best run ' + v.best : '')}), DJ.el('div', {class: 'pictures'},
          ...mine.map((p) => DJ.el('figure', {}, DJ.el('img', {src: DJ.href.file(p), alt: p}),
            DJ.el('figcaption', {text: p.split('/').pop()})))));
      });
    }
    document.body.dataset.ready = '1';
  }

  /** The curves of the runs still training, one line each, as they grow (the tables take them when they end). */
  async function inProgress(ids, box) {
    const view = await DJ.json('/api/compare?' + ids.map((i) => 'id=' + encodeURIComponent(i)).join('&'));
    const measures = [['in progress: test accuracy per epoch', 'epochs', 'epoch', 'test_accuracy', 100, 'test accuracy (%)'],
      ['in progress: train loss per iteration', 'iterations', 'iteration', 'train_loss', 1, 'train loss']];
    for (const [title, file, x, column, scale, axis] of measures) {
      const chart = new DJ.Chart(title, x, axis, {height: 200});
      box.appendChild(chart.element);
      chart.set(view.runs.map((run) => {
        const cols = DJ.columns(run[file]);
        return DJ.has(cols, column) ? {label: run.title, x: cols[x], y: DJ.scale(cols[column], scale)} : null;
      }).filter((l) => l));
    }
  }

  async function load() {
    render(await DJ.json('/api/sweep?id=' + encodeURIComponent(id)));
  }

  const reload = DJ.debounce(() => load().catch((e) => DJ.fail(e.message)), 700);
  DJ.listen({
    sweep: (s) => {
      if (s.id === id) reload();
    },
    run: (row) => {
      if (row.sweep === id) reload();
    },
    rows: (e) => {
      if (e.id.startsWith(id === '.' ? '' : id + '/')) reload();
    },
    resync: reload,
  });
  if (!id) DJ.fail('No sweep named: open a sweep from the front page.');
  else load().catch((e) => DJ.fail('Could not load sweep ' + id + ': ' + e.message));
})();
