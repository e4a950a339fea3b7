'use strict';
// One run: its curves (growing while it trains), summary, resolved spec, environment and the report's pictures.

(function () {
  const id = DJ.param('id');
  const main = document.getElementById('main');
  let run = null;
  let charts = null;
  let header = null;
  let epochTable = null;

  function headerOf(row, description) {
    const box = DJ.el('div', {id: 'run-header'});
    box.append(DJ.el('h1', {id: 'title', text: row.name + (row.label ? ' · ' + row.label : '')}));
    if (description) box.append(DJ.el('p', {class: 'meta', id: 'description', text: description}));
    box.append(DJ.el('p', {class: 'meta'}, 'status ', DJ.status(row.status), ' · epochs ',
      DJ.progress(row.epochs_done, row.epochs_total), row.iteration ? ' · iteration ' + row.iteration : '',
      ' · best acc ', DJ.percent(row.best_accuracy), ' % · started ', DJ.when(row.started), ' · took ',
      DJ.seconds(row.seconds)));
    if (row.problem) box.append(DJ.el('p', {class: 'problem', text: 'unreadable: ' + row.problem}));
    return box;
  }

  function drawCharts() {
    const e = DJ.columns(run.epochs);
    const it = DJ.columns(run.iterations);
    const split = (name) => (name.startsWith('validate') ? name.replace('validate', 'validation') : name).replace(/_/g, ' ');
    const losses = Object.keys(e).filter((c) => c.endsWith('_loss') && DJ.has(e, c))
      .map((c) => ({label: split(c), x: e.epoch, y: e[c]}));
    const accuracies = Object.keys(e).filter((c) => c.endsWith('_accuracy') && DJ.has(e, c))
      .map((c) => ({label: split(c) + ' (%)', x: e.epoch, y: DJ.scale(e[c], 100)}));
    charts.loss.set(losses);
    charts.accuracy.set(accuracies);
    const iterLines = [];
    if (DJ.has(it, 'train_loss')) iterLines.push({label: 'train loss', x: it.iteration, y: it.train_loss});
    if (DJ.has(it, 'train_accuracy')) {
      iterLines.push({label: 'train accuracy (%)', x: it.iteration, y: DJ.scale(it.train_accuracy, 100), scale: 'acc'});
    }
    charts.iterations.set(iterLines);
    charts.lr.set(DJ.has(it, 'lr') ? [{label: 'learning rate', x: it.iteration, y: it.lr, color: '#555555'}] : []);
  }

  function epochRows() {
    return run.epochs.rows.map((r, i) => ({cells: r, index: i}));
  }

  function render() {
    main.textContent = '';
    const row = run.row;
    const sweepLink = row.sweep ? DJ.el('a', {href: DJ.href.sweep(row.sweep), text: row.sweep}) : null;
    DJ.where(...(sweepLink ? [sweepLink] : []), row.id);
    header = headerOf(row, run.description);
    main.append(header);
    const links = DJ.el('p', {class: 'meta'}, 'files: ');
    ['spec.yaml', 'summary.json', 'epochs.csv', 'iterations.csv'].forEach((f) => {
      links.append(DJ.el('a', {href: DJ.href.file((row.id === '.' ? '' : row.id + '/') + f), text: f}), ' ');
    });
    if (run.report) links.append(DJ.el('a', {href: DJ.href.file(run.report), text: 'report.html'}));
    main.append(links);
    charts = {
      loss: new DJ.Chart('loss per epoch', 'epoch', 'loss'),
      accuracy: new DJ.Chart('accuracy per epoch', 'epoch', 'accuracy (%)'),
      iterations: new DJ.Chart('training per iteration', 'iteration', 'train loss',
        {scales: {acc: {label: 'train accuracy (%)'}}}),
      lr: new DJ.Chart('learning rate per iteration', 'iteration', 'learning rate', {height: 180}),
    };
    main.append(DJ.el('h2', {text: 'Curves'}), DJ.el('div', {class: 'charts', id: 'charts'},
      ...Object.values(charts).map((c) => c.element)));
    drawCharts();

    const summary = run.summary;
    if (summary) {
      const metrics = new DJ.Table('metrics', [
        {title: 'metric', value: (r) => r[0], cls: 'l'},
        {title: 'final', value: (r) => r[1].last},
        {title: 'best', value: (r) => r[1].best},
        {title: 'best epoch', value: (r) => r[1].best_epoch},
      ], {title: 'Summary'});
      metrics.setRows(Object.entries(summary.metrics || {}));
      main.append(metrics.element);
      const facts = {};
      for (const [k, v] of Object.entries(summary)) {
        if (!['metrics', 'environment', 'values'].includes(k)) facts[k] = typeof v === 'object' ? JSON.stringify(v) : v;
      }
      main.append(DJ.keyValues('summary', null, facts).element);
    } else {
      main.append(DJ.el('h2', {text: 'Summary'}), DJ.el('p', {class: 'note', text: run.row.problem
        && run.row.problem.startsWith('summary.json') ? 'summary.json cannot be read: ' + run.row.problem
        : 'No summary.json yet: it is written when the run ends.'}));
    }
    for (const curve of [run.epochs, run.iterations]) {
      if (curve.problem) main.append(DJ.el('p', {class: 'problem', text: 'unreadable: ' + curve.problem}));
    }
    epochTable = new DJ.Table('epochs', run.epochs.columns.map((c, i) => ({title: c, value: (r) => r.cells[i]})),
      {title: 'Epochs'});
    epochTable.setRows(epochRows());
    main.append(epochTable.element);
    main.append(DJ.keyValues('spec', 'Resolved spec', run.spec).element);
    if (run.spec_yaml) main.append(DJ.el('pre', {id: 'spec-yaml', text: run.spec_yaml}));
    main.append(DJ.keyValues('environment', 'Environment', run.environment).element);
    if (run.pictures.length) {
      main.append(DJ.el('h2', {text: 'Pictures from the report'}), DJ.el('div', {class: 'pictures'},
        ...run.pictures.map((p) => DJ.el('figure', {}, DJ.el('img', {src: DJ.href.file(p), alt: p}),
          DJ.el('figcaption', {text: p.split('/').pop()})))));
    }
    document.body.dataset.ready = '1';
  }

  async function load() {
    run = await DJ.json('/api/run?id=' + encodeURIComponent(id));
    render();
  }

  const reload = DJ.debounce(() => load().catch((e) => DJ.fail(e.message)), 200);

  /** New rows of this run's curve: appended when they continue what the page has, else the run is loaded again. */
  function rows(e) {
    if (!run || e.id !== run.row.id) return;
    const curve = run[e.file];
    if (e.reset || e.from !== curve.to) {
      if (e.to > curve.to || e.reset) reload();
      return;
    }
    curve.rows.push(...e.rows);
    curve.columns = e.columns;
    curve.to = e.to;
    drawCharts();
    if (e.file === 'epochs') epochTable.setRows(epochRows());
  }

  DJ.listen({
    rows,
    run: (row) => {
      if (!run || row.id !== run.row.id || row.version <= run.row.version) return;
      const statusChanged = row.status !== run.row.status;
      run.row = row;
      if (statusChanged && row.status !== 'running') {
        reload();
        return;
      }
      const fresh = headerOf(row, run.description);
      header.replaceWith(fresh);
      header = fresh;
    },
    gone: (e) => {
      if (run && e.id === run.row.id) DJ.fail('This run folder was removed.');
    },
    resync: reload,
  });
  if (!id) DJ.fail('No run named: open a run from the front page.');
  else load().catch((e) => DJ.fail('Could not load run ' + id + ': ' + e.message));
})();
