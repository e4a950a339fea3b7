'use strict';
// Runs picked from anywhere: their curves overlaid and their specs side by side, the differences highlighted.

(function () {
  const ids = DJ.params('id');
  const main = document.getElementById('main');
  let onlyDifferences = false;

  function render(view) {
    main.textContent = '';
    DJ.where('compare ' + view.runs.length + (view.runs.length === 1 ? ' run' : ' runs'));
    main.append(DJ.el('h1', {text: 'Compare'}), DJ.el('ul', {id: 'compared'}, ...view.runs.map((r) => DJ.el('li', {},
      DJ.el('a', {href: DJ.href.run(r.id), text: r.title}), ' ', DJ.status(r.status)))));
    const measures = [
      ['test accuracy per epoch', 'epochs', 'epoch', 'test_accuracy', 100, 'test accuracy (%)'],
      ['validation accuracy per epoch', 'epochs', 'epoch', 'validate_accuracy', 100, 'validation accuracy (%)'],
      ['test loss per epoch', 'epochs', 'epoch', 'test_loss', 1, 'test loss'],
      ['train loss per epoch', 'epochs', 'epoch', 'train_loss', 1, 'train loss'],
      ['train loss per iteration', 'iterations', 'iteration', 'train_loss', 1, 'train loss'],
      ['learning rate per iteration', 'iterations', 'iteration', 'lr', 1, 'learning rate'],
    ];
    const charts = [];
    for (const [title, file, x, column, scale, axis] of measures) {
      const lines = view.runs.map((r) => {
        const cols = DJ.columns(r[file]);
        return DJ.has(cols, column) ? {label: r.title, x: cols[x], y: DJ.scale(cols[column], scale)} : null;
      }).filter((l) => l);
      if (!lines.length) continue;
      charts.push([new DJ.Chart(title, x, axis), lines]);
    }
    main.append(DJ.el('h2', {text: 'Curves'}), DJ.el('div', {class: 'charts', id: 'charts'}, ...charts.map((c) => c[0].element)));
    charts.forEach(([chart, lines]) => chart.set(lines));

    const toggle = DJ.el('input', {type: 'checkbox', id: 'only-differences'});
    toggle.checked = onlyDifferences;
    const columns = [{title: 'field', value: (k) => k, cls: 'l'},
      ...view.runs.map((r) => ({title: r.title, value: (k) => (k in r.spec ? r.spec[k] : '–'), cls: 'l'}))];
    const specs = new DJ.Table('specs', columns, {title: 'Specs', id: (k) => k,
      rowClass: (k) => (view.differing.includes(k) ? 'diff' : null)});
    specs.setRows(view.keys);
    const apply = () => specs.setFilter((k) => !onlyDifferences || view.differing.includes(k));
    toggle.addEventListener('change', () => {
      onlyDifferences = toggle.checked;
      apply();
    });
    apply();
    main.append(DJ.el('div', {class: 'toolbar'}, DJ.el('label', {}, toggle, ' only the fields that differ (' +
      view.differing.length + ')')), specs.element);
    document.body.dataset.ready = '1';
  }

  async function load() {
    render(await DJ.json('/api/compare?' + ids.map((i) => 'id=' + encodeURIComponent(i)).join('&')));
  }

  const reload = DJ.debounce(() => load().catch((e) => DJ.fail(e.message)), 300);
  DJ.listen({
    rows: (e) => {
      if (ids.includes(e.id)) reload();
    },
    run: (row) => {
      if (ids.includes(row.id)) reload();
    },
    resync: reload,
  });
  if (!ids.length) DJ.fail('No runs picked: tick runs on the front page, then "Compare selected".');
  else load().catch((e) => DJ.fail('Could not compare: ' + e.message));
})();
