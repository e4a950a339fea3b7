#!/usr/bin/env python3
# Cross-checks the report's parameter importance against Optuna's own evaluators on the same trials.
# Needs Debian's python3-optuna and python3-sklearn (Optuna 3.1). Usage, on a finished adaptive sweep:
#   /usr/bin/python3 scripts/importance-vs-optuna.py results/tpe-asha-mlp 1 \
#     '{"train.optimizer.lr": {"log_uniform": [0.001, 1]}, "train.optimizer.momentum": {"uniform": [0, 0.99]},
#       "train.batch_size": {"choice": [32, 64, 128, 256]}}'
# EPOCH is the one the report names ("... after N epochs"); the space is the sweep's search.space as JSON. Each
# trial's value is its validate_accuracy after EPOCH epochs, the mean over its seeds, as the report takes it.
import csv, glob, json, os, sys

import optuna
from optuna.distributions import FloatDistribution, CategoricalDistribution
from optuna.importance import MeanDecreaseImpurityImportanceEvaluator, FanovaImportanceEvaluator, get_param_importances
optuna.logging.set_verbosity(optuna.logging.WARNING)
sweep, epoch = sys.argv[1], int(sys.argv[2])
dists = json.loads(sys.argv[3])
values = {}
for line in open(os.path.join(sweep, "decisions.jsonl")):
    d = json.loads(line)
    if d["event"] == "proposed": values[d["trial"]] = d["values"]
curves = {}
for s in glob.glob(os.path.join(sweep, "*", "summary.json")):
    summ = json.load(open(s))
    k = int(summ["variant"].split(",")[0].split("=")[1])
    rows = list(csv.DictReader(open(os.path.join(os.path.dirname(s), "epochs.csv"))))
    col = [float(r["validate_accuracy"]) for r in rows if r["validate_accuracy"]]
    curves.setdefault(k, []).append(col)
def dist(spec):
    kind, arg = next(iter(spec.items()))
    if kind == "log_uniform": return FloatDistribution(arg[0], arg[1], log=True)
    if kind == "uniform": return FloatDistribution(arg[0], arg[1])
    return CategoricalDistribution(arg)
distributions = {k: dist(v) for k, v in dists.items()}
trials = []
for k, v in sorted(values.items()):
    cs = curves.get(k, [])
    if not cs or min(len(c) for c in cs) < epoch: continue
    y = sum(c[epoch - 1] for c in cs) / len(cs)
    trials.append(optuna.trial.create_trial(params=v, distributions=distributions, value=y))
study = optuna.create_study(direction="maximize")
study.add_trials(trials)
print("trials:", len(trials), "at epoch", epoch)
for name, ev in [("MDI", MeanDecreaseImpurityImportanceEvaluator(seed=0)), ("fANOVA", FanovaImportanceEvaluator(seed=0))]:
    imp = get_param_importances(study, evaluator=ev)
    print(name, {k: round(v, 3) for k, v in imp.items()})
