#!/usr/bin/env python3
"""Optuna's side of `djlab bench replay`: Optuna's searches replayed on the table DJLab exported from a grid sweep.

Each study proposes points with Optuna (TPESampler with SuccessiveHalvingPruner, or RandomSampler), the nearest grid
point's recorded curve stands in for training it, and the study stops when the next epochs would exceed the budget.
The rules are the ones of DJLab's replay (djlab.bench.Replay), so both sides are measured alike:
  - nearest grid point: field by field, on the log scale for a log_uniform field, the same value for a choice;
  - a trial costs its epochs times the table's seeds; epochs are spent from one rung to the next (or to the end) at
    once, and a stretch that does not fit ends the search;
  - the configuration found is the best trial trained to the last epoch; its regret is the table's best last value
    minus its own (the best minus the worst when none finished).

Run by `djlab bench replay ... --optuna scripts/optuna_replay.py --python /usr/bin/python3`, or by hand:
  /usr/bin/python3 scripts/optuna_replay.py --table table.csv --space '{"train.optimizer.lr": {"log_uniform": [0.001, 1]}}' \
      --budget 300 --repeats 20
Prints one JSON object per replayed search. Needs Optuna (Debian: apt-get install -y python3-optuna; tested with 3.1).
"""
import argparse
import csv
import json
import math
import sys
import warnings


def read_table(path):
    """The table: the swept fields, the metric, epochs, seeds and per point (values, curve)."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        epoch_col = header.index("epoch")
        keys = header[:epoch_col]
        metric = header[epoch_col + 1]
        points = {}
        seeds = 1
        for row in reader:
            values = tuple(row[:epoch_col])
            epoch = int(row[epoch_col])
            cell = row[epoch_col + 1]
            seeds = int(row[epoch_col + 3])
            points.setdefault(values, {})[epoch] = float(cell) if cell != "" else float("nan")
    epochs = max(max(c) for c in points.values())
    table = []
    for values, by_epoch in points.items():
        curve = [by_epoch.get(e, float("nan")) for e in range(1, epochs + 1)]
        table.append((values, curve))
    return keys, metric, epochs, seeds, table


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def same(a, b):
    x, y = number(str(a)), number(str(b))
    if x is not None and y is not None:
        return x == y
    return str(a) == str(b)


def nearest(values, space, keys, table):
    """The grid point nearest to a proposed point, field by field (the rule of ReplayTable.nearest)."""
    snapped = []
    for i, key in enumerate(keys):
        want = values[key]
        dist = space[key]
        grid = []
        for v, _ in table:
            if not any(same(v[i], g) for g in grid):
                grid.append(v[i])
        best, best_distance = None, math.inf
        for g in grid:
            if "choice" in dist:
                distance = 0 if same(g, want) else math.inf
            elif "log_uniform" in dist:
                distance = abs(math.log(float(g)) - math.log(float(want)))
            else:
                distance = abs(float(g) - float(want))
            if distance < best_distance:
                best, best_distance = g, distance
        snapped.append(best)
    for v, curve in table:
        if all(same(a, b) for a, b in zip(v, snapped)):
            return v, curve
    raise ValueError("no grid point %s (the grid is not full)" % snapped)


def suggest(trial, key, dist):
    if "log_uniform" in dist:
        return trial.suggest_float(key, dist["log_uniform"][0], dist["log_uniform"][1], log=True)
    if "uniform" in dist:
        return trial.suggest_float(key, dist["uniform"][0], dist["uniform"][1])
    if "int" in dist or "int_uniform" in dist:
        low, high = dist.get("int", dist.get("int_uniform"))
        return trial.suggest_int(key, low, high)
    return trial.suggest_categorical(key, dist["choice"])


class OutOfBudget(Exception):
    pass


def replay(method, budget, seed, args, keys, epochs, seeds, table, space, maximise):
    import optuna

    if method == "optuna-tpe":
        sampler = optuna.samplers.TPESampler(n_startup_trials=args.startup, seed=seed)
        pruner = (optuna.pruners.SuccessiveHalvingPruner(min_resource=args.min_epochs, reduction_factor=args.eta,
                                                         min_early_stopping_rate=0)
                  if args.prune == "asha" else optuna.pruners.NopPruner())
    else:
        sampler = optuna.samplers.RandomSampler(seed=seed)
        pruner = optuna.pruners.NopPruner()
    # Epochs are spent from one rung to the next at once, as DJLab's replay does.
    stops = []
    if method == "optuna-tpe" and args.prune == "asha":
        e = args.min_epochs
        while e < epochs:
            stops.append(e)
            e *= args.eta
    stops.append(epochs)
    state = {"used": 0, "completed": [], "trials": 0}

    def spend(n):
        cost = n * seeds
        if state["used"] + cost > budget:
            raise OutOfBudget()
        state["used"] += cost

    def objective(trial):
        values = {key: suggest(trial, key, space[key]) for key in keys}
        point, curve = nearest(values, space, keys, table)
        at = 0
        for stop in stops:
            spend(stop - at)
            for e in range(at + 1, stop + 1):
                if math.isnan(curve[e - 1]):
                    state["trials"] += 1
                    return float("nan")
                trial.report(curve[e - 1], e)
            at = stop
            if stop < epochs and trial.should_prune():
                state["trials"] += 1
                raise optuna.TrialPruned()
        state["trials"] += 1
        state["completed"].append((point, curve))
        return curve[-1]

    study = optuna.create_study(direction="maximize" if maximise else "minimize", sampler=sampler, pruner=pruner)
    try:
        study.optimize(objective, n_trials=100000)
    except OutOfBudget:
        pass
    finals = [c[-1] for _, c in table if not math.isnan(c[-1])]
    best = max(finals) if maximise else min(finals)
    found = None
    for point, curve in state["completed"]:
        if math.isnan(curve[-1]):
            continue
        if found is None or (curve[-1] > found[1][-1] if maximise else curve[-1] < found[1][-1]):
            found = (point, curve)
    if found is None:
        worst = min(finals) if maximise else max(finals)
        regret = abs(best - worst)
    else:
        regret = best - found[1][-1] if maximise else found[1][-1] - best
    name = method + ("+sha" if method == "optuna-tpe" and args.prune == "asha" else "")
    return {"method": name, "budget": budget, "seed": seed, "regret": regret, "epochs_used": state["used"],
            "trials": state["trials"], "completed": len(state["completed"]),
            "found": {} if found is None else dict(zip(keys, found[0]))}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--table", required=True, help="the CSV `djlab bench replay --export` writes")
    p.add_argument("--space", required=True, help="the search space as JSON, as the spec's sweep.search.space")
    p.add_argument("--mode", default="max", choices=["max", "min"])
    p.add_argument("--budget", required=True, help="epochs (times seeds), comma-separated")
    p.add_argument("--repeats", type=int, default=20)
    p.add_argument("--first-seed", type=int, default=1)
    p.add_argument("--startup", type=int, default=10, help="TPESampler's n_startup_trials")
    p.add_argument("--prune", default="asha", choices=["asha", "none"])
    p.add_argument("--min-epochs", type=int, default=1, help="SuccessiveHalvingPruner's min_resource")
    p.add_argument("--eta", type=int, default=3, help="SuccessiveHalvingPruner's reduction_factor")
    p.add_argument("--methods", default="optuna-tpe,optuna-random")
    args = p.parse_args()
    import optuna

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.filterwarnings("ignore")
    keys, _, epochs, seeds, table = read_table(args.table)
    space = json.loads(args.space)
    if set(space) != set(keys):
        sys.exit("error: --space: expected the table's fields %s, got %s" % (keys, sorted(space)))
    for budget in [int(b) for b in args.budget.split(",")]:
        for method in args.methods.split(","):
            for seed in range(args.first_seed, args.first_seed + args.repeats):
                out = replay(method, budget, seed, args, keys, epochs, seeds, table, space, args.mode == "max")
                print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
