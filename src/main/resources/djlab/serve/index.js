'use strict';
// The front page: every sweep and every run of the results folder, filterable and sortable, kept live.

(function () {
  const main = document.getElementById('main');
  const selected = new Set();
  let sweeps, runs, compareButton, count;

  const ran = (r) => (r.status === 'running' && r.started ? Math.max(r.seconds || 0, (Date.now() - r.started) / 1000)
    : r.seconds);

  function build(root) {
    main.textContent = '';
    DJ.where(root);
    const search = DJ.el('input', {type: 'search', id: 'filter', placeholder: 'filter: name, label, status, id'});
    const status = DJ.el('select', {id: 'status-filter'}, DJ.el('option', {value: '', text: 'any status'}),
      ...['running', 'completed', 'failed', 'diverged', 'interrupted', 'pruned', 'unreadable']
        .map((s) => DJ.el('option', {value: s, text: s})));
    compareButton = DJ.el('button', {id: 'compare', disabled: true, text: 'Compare selected'});
    compareButton.addEventListener('click', () => {
      location.href = DJ.href.compare([...selected]);
    });
    count = DJ.el('span', {class: 'meta'});
    main.append(DJ.el('h1', {text: 'Sweeps and runs'}), DJ.el('p', {class: 'meta'}, 'results folder ', DJ.el('code', {text: root})),
      DJ.el('div', {class: 'toolbar'}, search, status, compareButton, count));

    sweeps = new DJ.Table('sweeps', [
      {title: 'sweep', value: (s) => s.name, cls: 'l',
        cell: (s) => DJ.el('a', {href: DJ.href.sweep(s.id), text: s.id === '.' ? s.name + ' (this folder)' : s.id})},
      {title: 'status', value: (s) => s.status, cell: (s) => DJ.status(s.status), cls: 'l'},
      {title: 'progress (runs)', value: (s) => (s.states.completed || 0) / s.planned,
        cell: (s) => DJ.progress(s.states.completed || 0, s.planned)},
      {title: 'states', value: (s) => Object.entries(s.states).map(([k, v]) => v + ' ' + k).join(', '), cls: 'l'},
      {title: 'best acc (%)', value: (s) => DJ.percent(s.best_accuracy), descending: true},
      {title: 'started', value: (s) => DJ.when(s.started)},
      {title: 'took', value: (s) => s.seconds, cell: (s) => DJ.seconds(s.seconds)},
    ], {id: (s) => s.id, title: 'Sweeps'});

    runs = new DJ.Table('runs', [
      {title: '', noCsv: true, value: (r) => (selected.has(r.id) ? 1 : 0),
        cell: (r) => {
          const box = DJ.el('input', {type: 'checkbox', class: 'pick', 'data-id': r.id, title: 'compare'});
          box.checked = selected.has(r.id);
          box.addEventListener('change', () => {
            if (box.checked) selected.add(r.id);
            else selected.delete(r.id);
            compareButton.disabled = selected.size < 1;
            compareButton.textContent = 'Compare selected (' + selected.size + ')';
          });
          return box;
        }},
      {title: 'run', value: (r) => r.id, cls: 'l', cell: (r) => DJ.el('a', {href: DJ.href.run(r.id), text: r.id})},
      {title: 'name', value: (r) => r.name, cls: 'l'},
      {title: 'label', value: (r) => r.label || '', cls: 'l'},
      {title: 'status', value: (r) => r.status, cls: 'l',
        cell: (r) => {
          const s = DJ.status(r.status);
          if (r.problem) s.title = r.problem;
          return s;
        }},
      {title: 'progress (epochs)', value: (r) => (r.epochs_total ? r.epochs_done / r.epochs_total : r.epochs_done),
        cell: (r) => DJ.progress(r.epochs_done, r.epochs_total)},
      {title: 'iteration', value: (r) => r.iteration},
      {title: 'best acc (%)', value: (r) => DJ.percent(r.best_accuracy), descending: true},
      {title: 'started', value: (r) => DJ.when(r.started)},
      {title: 'took', value: (r) => ran(r), cell: (r) => DJ.seconds(ran(r))},
    ], {id: (r) => r.id, title: 'Runs', sort: {index: 1, dir: 1}});

    main.append(sweeps.element, runs.element);
    const apply = () => {
      const text = search.value.trim().toLowerCase();
      const wanted = status.value;
      const match = (fields, st) => (!wanted || st === wanted) &&
        (!text || fields.some((f) => f && String(f).toLowerCase().includes(text)));
      runs.setFilter((r) => match([r.id, r.name, r.label, r.status, r.problem], r.status));
      sweeps.setFilter((s) => match([s.id, s.name, s.status], s.status) || (wanted && s.states[wanted] > 0 && !text));
      count.textContent = [...runs.rows.values()].filter(runs.filter).length + ' of ' + runs.rows.size + ' runs';
    };
    search.addEventListener('input', apply);
    status.addEventListener('change', apply);
    return apply;
  }

  let apply;
  async function load() {
    const t0 = performance.now();
    const index = await DJ.json('/api/index');
    if (!sweeps) apply = build(index.root);
    sweeps.setRows(index.sweeps);
    runs.setRows(index.runs);
    apply();
    if (!index.runs.length) {
      main.appendChild(DJ.el('p', {class: 'note', id: 'empty',
        text: 'No run folders here yet: they appear as soon as djlab run or djlab sweep starts writing into this folder.'}));
    }
    document.body.dataset.ready = '1';
    // For scripts/serve-bench.sh: from the start of navigation to the tables drawn.
    window.djlabRendered = performance.now();
    window.djlabLoad = performance.now() - t0;
  }

  const newer = (table, row) => {
    const old = table.rows.get(row.id);
    return !old || old.version === undefined || row.version >= old.version;
  };
  const reload = DJ.debounce(() => load().catch((e) => console.warn(e)), 300);

  DJ.listen({
    run: (row) => {
      if (!runs || !newer(runs, row)) return;
      const empty = document.getElementById('empty');
      if (empty) empty.remove();
      runs.put(row);
      apply();
    },
    sweep: (row) => {
      if (sweeps && newer(sweeps, row)) {
        sweeps.put(row);
        apply();
      }
    },
    gone: (e) => {
      if (runs) runs.remove(e.id);
      reload();
    },
    resync: reload,
  });
  load().catch((e) => DJ.fail('Could not load the results: ' + e.message));
  // The running runs' "took" column counts on between events.
  setInterval(() => {
    if (!runs) return;
    for (const r of runs.rows.values()) if (r.status === 'running') runs.put(r);
  }, 5000);
})();
