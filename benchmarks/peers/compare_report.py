#!/usr/bin/python3
"""The report of benchmarks/compare (adapted from the peers harness's report.py).

Reads $PEER_OUT/{results.jsonl, mem.jsonl, caps.json, probe_start.json, probe_end.json} and
$PEER_DATA/meta.json. Prints to stdout ONE table of ratios (povstat against each peer per
workload, W2 against the memory-bandwidth floor, W1 on 2 threads against 1, peak memory
against the input's size) and the agreement checks of povstat (and the C++ peers) against
the NumPy reference; writes the per-variant details and the machine's floors to --details.
Exit status 1 when a povstat result disagrees with the reference.

Ratios are peer time / povstat time (> 1: povstat is faster), each against the peer's
FASTEST variant of that task (conservative); every variant is listed in the details.
"""
import argparse, json, math, os, sys
import numpy as np

OUT = os.environ.get("PEER_OUT", "out")
DATA = os.environ.get("PEER_DATA", "data")

ap = argparse.ArgumentParser()
ap.add_argument("--details", default=os.path.join(OUT, "details.md"))
args = ap.parse_args()

meta = json.load(open(os.path.join(DATA, "meta.json")))
M, N, R, B = meta["M"], meta["N"], meta["R"], meta["B"]
recs = [json.loads(l) for l in open(os.path.join(OUT, "results.jsonl")) if l.strip()]
probes = [json.load(open(os.path.join(OUT, f))) for f in ("probe_start.json", "probe_end.json")
          if os.path.exists(os.path.join(OUT, f))]
probe = {k: max(p[k] for p in probes) for k in probes[0]} if probes else None
mem, load_before = {}, {}
if os.path.exists(os.path.join(OUT, "mem.jsonl")):
    for l in open(os.path.join(OUT, "mem.jsonl")):
        if l.strip():
            r = json.loads(l)
            mem[r["label"]] = r["maxrss_kb"] * 1024.0
            if "load1_before" in r:
                load_before[r["label"]] = r["load1_before"]
caps = json.load(open(os.path.join(OUT, "caps.json"))) if os.path.exists(os.path.join(OUT, "caps.json")) else {}


def rec(peer, w, task):
    for r in recs:
        if r["peer"] == peer and r["workload"] == w and r["task"] == task:
            return r
    return None


def load_out(r):
    return np.fromfile(os.path.join(OUT, r["out"])).reshape(-1, r["ncol"])


# ------------------------------------------------------------------ the rows
# (label, workload, {peer: [tasks]}) ; povstat's own task first
PEERS = ["numpy", "statsmodels", "scipy", "R", "gsl", "ceres"]
PEER_TITLE = {"numpy": "NumPy", "statsmodels": "statsmodels", "scipy": "SciPy", "R": "R",
              "gsl": "GSL", "ceres": "Ceres"}
W1_TASKS = {
    "ols": {"numpy": ["ols"], "statsmodels": ["ols"], "R": ["ols_lm", "ols_.lm.fit", "ols_vec"], "gsl": ["ols"]},
    "loglin": {"numpy": ["loglin"], "statsmodels": ["loglin"],
               "R": ["loglin_lm", "loglin_.lm.fit", "loglin_vec"], "gsl": ["loglin"]},
    "poisson": {"numpy": ["poisson"], "statsmodels": ["poisson"],
                "R": ["poisson_glm", "poisson_glm.fit", "poisson_vec"]},
}
ROWS = [
    ("W1 OLS", "W1", "ols", W1_TASKS["ols"]),
    ("W1 log-linear", "W1", "loglin", W1_TASKS["loglin"]),
    ("W1 Poisson IRLS", "W1", "poisson", W1_TASKS["poisson"]),
    ("W2 FGT0/1/2+Watts", "W2", "fgt_watts", {"numpy": ["fgt_watts"], "R": ["fgt_watts"]}),
    ("W2 weighted Gini", "W2", "gini", {"numpy": ["gini", "gini_complexsort"], "R": ["gini_laeken"]}),
    ("W3 logistic LM", "W3", "logistic_lm", {"numpy": ["logistic_lm"], "scipy": ["curve_fit_numjac", "curve_fit_anajac"],
                                            "R": ["nlsLM", "nls.lm_anajac"], "gsl": ["multifit_nlinear"],
                                            "ceres": ["autodiff", "analytic"]}),
    ("W4 bootstrap T*", "W4", "boot_residual", {"numpy": ["boot_T"], "R": ["boot_vec", "boot_.lm.fit"]}),
]
TARGETS = {  # row label -> [(peer, minimum ratio)]
    "W1 OLS": [("numpy", 15), ("statsmodels", 1000)],
    "W1 log-linear": [("numpy", 15), ("statsmodels", 1000)],
    "W1 Poisson IRLS": [("numpy", 15), ("statsmodels", 1000)],
    "W1 all three": [("numpy", 15), ("statsmodels", 1000)],
    "W2 FGT0/1/2+Watts": [("numpy", 10)],
    "W2 weighted Gini": [("R", 10)],
    "W3 logistic LM": [("numpy", 5), ("scipy", 100), ("ceres", 3), ("gsl", 3)],
    "W4 bootstrap T*": [("numpy", 5)],
}


def best(peer, w, tasks):
    c = [r for r in (rec(peer, w, t) for t in tasks) if r is not None]
    return min(c, key=lambda r: r["extrap_s"]) if c else None


def fmt_s(x):
    if x is None or not math.isfinite(x):
        return "-"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 1:
        return f"{x:.2f}"
    if x >= 0.01:
        return f"{x:.3f}"
    return f"{x * 1e3:.2f} ms"


def fmt_x(r):
    if r is None or not math.isfinite(r):
        return "-"
    if r >= 1000:
        return f"{r:,.0f}×"
    if r >= 100:
        return f"{r:.0f}×"
    if r >= 10:
        return f"{r:.1f}×"
    if r >= 0.1:
        return f"{r:.2f}×"
    return f"{r:.3g}×"


def target_text(label, ratios):
    out = []
    for peer, need in TARGETS.get(label, []):
        r = ratios.get(peer)
        if r is None:
            out.append(f"≥{need}× {PEER_TITLE[peer]}: not run")
        else:
            out.append(f"≥{need}× {PEER_TITLE[peer]}: " + ("met" if r >= need else f"**missed** ({fmt_x(r)})"))
    return "; ".join(out)


L = []
P = L.append
P(f"Sizes: W1 M={M:,} series × 15 years; W2 N={N:,} records; W3 R={R:,} fits; W4 B={B:,} replicates; "
  f"seed {meta['seed']}; {recs and max(len(r['reps']) for r in recs)} timed runs per task (median).\n")
# How busy the machine was (env.txt, written by benchmarks/compare)
env_path = os.path.join(OUT, "env.txt")
if os.path.exists(env_path):
    loads = []
    for line in open(env_path):
        if line.startswith("loadavg at"):
            try:
                loads.append(float(line.split(":")[1].split()[0]))
            except (IndexError, ValueError):
                pass
    cpus = os.cpu_count() or 1
    if loads and max(loads) > 0.5 * cpus:
        P(f"**Busy machine**: 1-minute load average {' / '.join(f'{x:.2f}' for x in loads)} (start / end) on {cpus} CPUs, "
          "so other processes shared the cores during this run: every time, povstat's and the peers', may be "
          "inflated by a different amount, and the 2-thread speed-ups are understated most (a second thread "
          "finds no free core). Re-run on a quiet machine for stable numbers.\n")
P("## Ratios: peer time / povstat time (> 1: povstat faster), single thread unless stated\n")
P("Each peer cell compares with that peer's fastest variant of the task (see the details); "
  "per-series loops of statsmodels, R and SciPy are timed on a subsample and extrapolated linearly.\n")
P("| task | povstat s | " + " | ".join(PEER_TITLE[p] for p in PEERS) + " | floor / threads / memory | targets (issue #7) |")
P("|---|---|" + "---|" * len(PEERS) + "---|---|")
w1_sum = {"povstat": 0.0}
w1_ok = {p: True for p in PEERS}
w1_ok["povstat"] = True
for label, w, ptask, peers in ROWS:
    pr = rec("povstat", w, ptask)
    t = pr["median_s"] if pr else None
    ratios, cells = {}, []
    for p in PEERS:
        b = best(p, w, peers.get(p, [])) if p in peers else None
        if b is not None and t:
            ratios[p] = b["extrap_s"] / t
        cells.append(fmt_x(ratios.get(p)))
        if w == "W1":
            if b is None:
                w1_ok[p] = False
            else:
                w1_sum[p] = w1_sum.get(p, 0.0) + b["extrap_s"]
    if w == "W1":
        if t is None:
            w1_ok["povstat"] = False
        else:
            w1_sum["povstat"] += t
    extra = ""
    if ptask == "fgt_watts" and t and probe:
        floor = 16.0 * N / (probe["read_GBs_1t"] * 1e9)
        extra = f"{t / floor:.1f}× the 1-thread read floor ({floor * 1e3:.1f} ms)"
        ok = t / floor <= 2
        tt = target_text(label, ratios)
        tt += "; ≤2× floor: " + ("met" if ok else f"**missed** ({t / floor:.1f}×)")
    else:
        tt = target_text(label, ratios)
    if w == "W2" and t:
        r2 = rec("povstat", "W2", f"{ptask}_2t")
        if r2:
            extra += ("; " if extra else "") + f"speed-up on 2 threads: {t / r2['median_s']:.2f}×"
    if ptask == "boot_residual":
        extra = "povstat's own resampling (same statistic)"
    P(f"| {label} | {fmt_s(t)} | " + " | ".join(cells) + f" | {extra} | {tt} |")
    if ptask == "poisson":
        # the three W1 fits together (sum of the medians)
        t3 = w1_sum["povstat"] if w1_ok["povstat"] else None
        r3 = {p: w1_sum[p] / t3 for p in PEERS if t3 and w1_ok[p] and p in w1_sum}
        P(f"| W1 all three | {fmt_s(t3)} | " + " | ".join(fmt_x(r3.get(p)) for p in PEERS) +
          f" | | {target_text('W1 all three', r3)} |")
        # 2 threads vs 1
        two = [rec("povstat", "W1", f"{k}_2t") for k in ("ols", "loglin", "poisson")]
        one = [rec("povstat", "W1", k) for k in ("ols", "loglin", "poisson")]
        if all(two) and all(one):
            t1 = sum(r["median_s"] for r in one)
            t2 = sum(r["median_s"] for r in two)
            per = ", ".join(f"{k} {o['median_s'] / s['median_s']:.2f}×" for k, o, s in zip(("ols", "loglin", "poisson"), one, two))
            sp = t1 / t2
            P(f"| W1 all three, 2 threads | {fmt_s(t2)} | " + " | ".join("" for _ in PEERS) +
              f" | speed-up on 2 threads: {sp:.2f}× ({per}) | ≥1.7× on 2 threads: " +
              ("met" if sp >= 1.7 else f"**missed** ({sp:.2f}×)") + " |")
        else:
            why = "fit_all_options has no `execution` member in this build" if not caps.get("fit_all_execution") else "not run"
            P(f"| W1 all three, 2 threads | - | " + " | ".join("" for _ in PEERS) + f" | {why} | ≥1.7× on 2 threads: not measured |")

# memory rows
idle = mem.get("idle")
mem_rows = [("W1 OLS", "W1_ols", 8.0 * 15 * M, 1.25), ("W1 log-linear", "W1_loglin", 8.0 * 15 * M, 1.25),
            ("W1 Poisson", "W1_poisson", 8.0 * 15 * M, 1.25), ("W2 FGT+Watts", "W2_fgt_watts", 16.0 * N, 1.25),
            ("W2 Gini", "W2_gini", 16.0 * N, 2.5)]
mem_rows += [(f"W1 {k} (fit_all: one trend_fit per region)", f"W1_{k}_fit_all", 8.0 * 15 * M, None)
             for k in ("ols", "loglin", "poisson")]
mem_rows += [("W2 FGT+Watts (fgt ×3 and watts, one pass each)", "W2_fgt_watts_each", 16.0 * N, None)]
for name, key, inp, lim in mem_rows:
    if key not in mem:
        continue
    if lim is None:
        peak = mem[key]
        net = peak - (idle or 0.0)
        P(f"| memory {name} | | " + " | ".join("" for _ in PEERS) +
          f" | peak RSS {peak / 2**20:.1f} MiB = {peak / inp:.2f}× the input; {net / inp:.2f}× without the idle process | (no target) |")
        continue
    peak = mem[key]
    net = peak - (idle or 0.0)
    txt = (f"peak RSS {peak / 2**20:.1f} MiB = {peak / inp:.2f}× the input ({inp / 2**20:.1f} MiB); "
           f"{net / inp:.2f}× without the idle process ({(idle or 0) / 2**20:.1f} MiB)")
    P(f"| memory {name} | | " + " | ".join("" for _ in PEERS) + f" | {txt} | ≤{lim}× input: " +
      ("met" if net / inp <= lim else f"**missed** ({net / inp:.2f}×)") + " |")
P("")
P("Memory: peak resident set size of the povstat process of that task alone (`/usr/bin/time -v`), "
  "which reads its input from the data files, relative to the input's size (W1: the M×15 counts, "
  "W2: y and w); the target is judged on the peak minus that of an idle process of the same binary.\n")

# ------------------------------------------------------------------ agreement
REF_TASK = {"W1": lambda t: ("ols" if t.startswith("ols") else "loglin" if t.startswith("loglin") else
                             "poisson" if t.startswith("poisson") else None),
            "W2": lambda t: "fgt_watts" if t.startswith("fgt") else "gini" if t.startswith("gini") else None,
            "W3": lambda t: "logistic_lm",
            "W4": lambda t: "boot_T"}
COLS = {"W1": ["intercept", "slope", "se(slope)"], "W2fgt": ["P0", "P1", "P2", "Watts"], "W2gini": ["G"],
        "W3": ["a", "b", "c"], "W4": ["T*"]}
# Tolerances on the max relative difference from the reference, and why.
TOL = {
    ("W1", "ols"): (1e-9, "closed form"),
    ("W1", "loglin"): (1e-9, "closed form"),
    ("W1", "poisson"): ([1e-6, 1e-6, 1e-3], "coef: IRLS stops at a relative deviance change < 1e-8; se: "
                         "(XᵀWX)⁻¹ at the estimates, NumPy's at the last IRLS weights, see below"),
    ("W2", "fgt_watts"): (1e-9, "sums of 10^7 terms in different orders"),
    ("W2", "gini"): (1e-9, "sums of 10^7 terms in different orders"),
    ("W3", "logistic_lm"): (1e-5, "LM stopping rules differ (NumPy: relative step 1e-10)"),
    ("W4", "boot_T"): (1e-9, "closed form per replicate"),
}


def maxrel_cols(a, b):
    nan_mis = int(np.sum(np.isnan(a) != np.isnan(b)))
    ok = ~(np.isnan(a) | np.isnan(b))
    floor = 1e-9 * np.nanmax(np.abs(b), axis=0, keepdims=True)
    rel = np.abs(a - b) / np.maximum(np.abs(b), floor)
    rel[~ok] = 0.0
    return rel.max(axis=0), nan_mis


def compare_rec(r):
    """(reference record, per-column max rel err, NaN mismatches, tolerance, reason) or None."""
    w, t = r["workload"], r["task"]
    rt = REF_TASK[w](t)
    ref = rec("numpy", w, rt) if rt else None
    if ref is None or t in ("boot_residual",):
        return None
    a = load_out(r)
    b = load_out(ref)[: a.shape[0]]
    if a.shape != b.shape:
        return ref, None, f"shape {a.shape} vs {b.shape}", TOL.get((w, rt), (1e-9, ""))
    rel, nm = maxrel_cols(a, b)
    return ref, rel, nm, TOL.get((w, rt), (1e-9, ""))


P("## Agreement with the NumPy reference (povstat and the C++ peers; every peer in the details)\n")
P("| peer | task | items | max relative difference per column | tolerance | verdict |")
P("|---|---|---|---|---|---|")
failures = 0
for r in recs:
    if r["peer"] not in ("povstat", "gsl", "ceres"):
        continue
    w, t = r["workload"], r["task"]
    if t == "boot_residual":
        continue
    c = compare_rec(r)
    if c is None:
        continue
    ref, rel, nm, (tol, why) = c
    tols = np.broadcast_to(np.asarray(tol, dtype=float), (r["ncol"],))
    tol_txt = "/".join(f"{x:g}" for x in np.atleast_1d(tol))
    if rel is None:
        verdict, cols = f"FAIL ({nm})", "-"
    else:
        names = COLS["W2fgt"] if t.startswith("fgt") else COLS["W2gini"] if t.startswith("gini") else COLS[w]
        cols = ", ".join(f"{n} {v:.1e}" for n, v in zip(names, rel))
        bad = bool(np.any(rel > tols)) or nm
        verdict = ("FAIL" if bad else "ok") + (f" ({nm} NaN mismatch)" if nm else "")
    items = np.fromfile(os.path.join(OUT, r["out"])).size // r["ncol"]
    if r["peer"] == "povstat" and verdict != "ok":
        failures += 1
    P(f"| {r['peer']} | {w} {t} | {items:,} | {cols} | {tol_txt} ({why}) | {verdict} |")

# Poisson standard errors at the estimates: the reference's se uses the weights of its last
# IRLS iteration (as R's glm; statsmodels too, after a different number of iterations), so it
# depends on where IRLS stopped. povstat takes (XᵀWX)⁻¹ at its estimates; the same formula at
# the reference's estimates (W = exp(a + b x)) is the like-for-like reference.
nref, pp = rec("numpy", "W1", "poisson"), rec("povstat", "W1", "poisson")
if nref and pp:
    ref = load_out(nref)
    x = np.arange(15.0)
    W = np.exp(ref[:, 0:1] + ref[:, 1:2] * x[None, :])
    Sw, Swx, Swxx = W.sum(axis=1), W @ x, W @ (x * x)
    se_at = np.sqrt(Sw / (Sw * Swxx - Swx * Swx))
    mine = load_out(pp)[:, 2]
    rel, nm = maxrel_cols(mine[:, None], se_at[:, None])
    ok = float(rel[0]) <= 1e-6 and not nm
    if not ok:
        failures += 1
    P(f"| povstat | W1 poisson se(slope) vs (XᵀWX)⁻¹ at the reference's estimates | {mine.size:,} | "
      f"se(slope) {float(rel[0]):.1e} | 1e-6 (same definition) | " + ("ok" if ok else "FAIL") + " |")

# 2 threads: bit-identical to 1 thread
for w, k in (("W1", "ols"), ("W1", "loglin"), ("W1", "poisson"), ("W2", "fgt_watts"), ("W2", "gini")):
    a, b = rec("povstat", w, f"{k}_2t"), rec("povstat", w, k)
    if a and b:
        x, y = load_out(a), load_out(b)
        same = x.shape == y.shape and np.array_equal(x, y, equal_nan=True)
        if not same:
            failures += 1
        P(f"| povstat | {w} {k}_2t vs {k} (1 thread) | {x.shape[0]:,} | bit-identical: {same} | 0 | {'ok' if same else 'FAIL'} |")

# W4: povstat's own bootstrap, distributional
pb, nb = rec("povstat", "W4", "boot_residual"), rec("numpy", "W4", "boot_T")
if pb and nb:
    q = load_out(pb)[:, 0]
    ref = load_out(nb)[:, 0]
    qn, T = ref[:2], np.sort(ref[2:])
    Bn = T.size
    parts, ok = [], True
    for p, mine, theirs in ((0.025, q[0], qn[0]), (0.975, q[1], qn[1])):
        half = 1.96 * math.sqrt(Bn * p * (1 - p))
        lo = max(0, int(math.floor(Bn * p - half)))
        hi = min(Bn - 1, int(math.ceil(Bn * p + half)))
        se = (T[hi] - T[lo]) / 2 / 1.96          # Monte Carlo s.e. of the reference's percentile
        tol = 3 * math.sqrt(2) * se              # two independent bootstraps, 3 s.e. of the difference
        good = abs(mine - theirs) <= tol
        ok &= good
        parts.append(f"q{100 * p:g}: {mine:.4f} vs {theirs:.4f} (|diff| {abs(mine - theirs):.4f}, 3·√2·s.e. {tol:.4f})")
    if not ok:
        failures += 1
    P(f"| povstat | W4 boot_residual (own generator) | 2 percentiles of {pb['n_full']:,} replicates | "
      + "; ".join(parts) + " | Monte Carlo error | " + ("ok" if ok else "FAIL") + " |")
P("")
P("W4: povstat's bootstrap draws its own resampling indices (std::mt19937_64, seed 2020), so its "
  "replicates cannot equal the peers', which share fixed indices; its percentiles are compared within "
  "Monte Carlo error (s.e. from the order statistics of the reference's replicates). The row `boot_fixed_idx` "
  "recomputes the peers' exact replicates through povstat's public fit_loglinear and years_to_zero "
  "(replicate by replicate). W1 log-linear: povstat's cohort marks zero counts as missing (NaN), which "
  "the peers leave out of the log fit. W3: the generator clips at 0 the values below 0 of "
  f"{meta.get('w3_values_clipped_at_0', 0)} cells (counts are never negative).\n")
print("\n".join(L))

# ------------------------------------------------------------------ details
D = []
Q = D.append
Q("## Details: every peer and variant\n")
Q("Seconds: wall clock of the computation (data in memory), median of the runs listed; `full-size s` = median × "
  "(full size / timed size) for loops timed on a subsample. `max rel err` = largest relative difference from the "
  "NumPy reference over the items computed.\n")
titles = {"W1": "W1 batch trend fits (per series: OLS, log-linear on y > 0, Poisson GLM)",
          "W2": "W2 poverty measures (weighted FGT0/1/2 + Watts; weighted Gini)",
          "W3": "W3 logistic-decline Levenberg–Marquardt fits",
          "W4": "W4 residual bootstrap of the log-linear fit, years until the count < 1"}
for w in ("W1", "W2", "W3", "W4"):
    Q(f"### {titles[w]}\n")
    Q("| peer | task | timed / full n | runs (s) | median s | full-size s | max rel err | note |")
    Q("|---|---|---|---|---|---|---|---|")
    for r in recs:
        if r["workload"] != w:
            continue
        c = compare_rec(r) if r["task"] not in ("all3", "sort_y_only") else None
        if c is None:
            err = "n/a"
        elif r["peer"] == "numpy":
            err = "ref"
        elif c[1] is None:
            err = str(c[2])
        else:
            err = f"{float(np.max(c[1])):.1e}" + (f" ({c[2]} NaN mismatch)" if c[2] else "")
        extra = "".join(f" {k}={r[k]:.2f}" for k in ("irls_iter_mean", "lm_iter_mean") if k in r)
        if "batched_fraction" in r:
            extra += f"; regions fitted by the batch kernel: {100 * r['batched_fraction']:.1f}%"
        reps = ", ".join(f"{x:.3g}" for x in r["reps"])
        Q(f"| {r['peer']} | {r['task']} | {r['n_timed']:,} / {r['n_full']:,} | {reps} | {fmt_s(r['median_s'])} | "
          f"**{fmt_s(r['extrap_s'])}** | {err} | {r['note']}{extra} |")
    Q("")
if probe:
    p = probe
    Q("### Machine limits (probe/membw.c; best of 5 reps in a probe run, best of the start and end runs; GB = 1e9 B)\n")
    if len(probes) > 1:
        Q("Per probe run (start / end): read 1T " + " / ".join(f"{q['read_GBs_1t']:.1f}" for q in probes) +
          ", read 2T " + " / ".join(f"{q['read_GBs_2t']:.1f}" for q in probes) + " GB/s.\n")
    Q(f"- Read bandwidth ({p['array_MiB']} MiB array): {p['read_GBs_1t']:.1f} GB/s 1 thread, {p['read_GBs_2t']:.1f} GB/s 2 threads")
    Q(f"- Triad: {p['triad_GBs_1t']:.1f} GB/s 1T, {p['triad_GBs_2t']:.1f} GB/s 2T (STREAM convention)")
    Q(f"- FMA peak: {p['fma_GFLOPs_1t']:.1f} GFLOP/s 1T, {p['fma_GFLOPs_2t']:.1f} 2T; "
      f"exp: libmvec {p['exp_vec_Gps_1t']:.2f} G/s 1T, scalar {p['exp_scalar_Gps_1t']:.3f} G/s; "
      f"log: libmvec {p['log_vec_Gps_1t']:.2f} G/s, scalar {p['log_scalar_Gps_1t']:.3f} G/s\n")
    bw1, bw2 = p["read_GBs_1t"] * 1e9, p["read_GBs_2t"] * 1e9
    ms = lambda x: f"{x * 1e3:.2f} ms"
    Q("| floor | bytes / operations | 1 thread | 2 threads |")
    Q("|---|---|---|---|")
    Q(f"| W1 read the counts once | {M * 15 * 8 / 1e6:.1f} MB | {ms(M * 120 / bw1)} | {ms(M * 120 / bw2)} |")
    it = (rec("numpy", "W1", "poisson") or {}).get("irls_iter_mean", 4.0)
    Q(f"| W1 transcendentals (libmvec rates) | {M * 15 / 1e6:.1f}M log + {M * 15 * it / 1e6:.1f}M exp | "
      f"{ms(M * 15 / (p['log_vec_Gps_1t'] * 1e9) + M * 15 * it / (p['exp_vec_Gps_1t'] * 1e9))} | "
      f"{ms(M * 15 / (2 * p['log_vec_Gps_1t'] * 1e9) + M * 15 * it / (p['exp_vec_Gps_2t'] * 1e9))} |")
    Q(f"| W2 FGT + Watts: read y and w once | {16 * N / 1e6:.0f} MB | {ms(16 * N / bw1)} | {ms(16 * N / bw2)} |")
    Q(f"| W2 Gini: read once (strict bound) | {16 * N / 1e6:.0f} MB | {ms(16 * N / bw1)} | {ms(16 * N / bw2)} |")
    Q("")
if load_before:
    Q("1-minute load average before each povstat process: " +
      ", ".join(f"{k} {v:.2f}" for k, v in load_before.items()) + ".\n")
with open(args.details, "w") as f:
    f.write("\n".join(D) + "\n")
sys.exit(1 if failures else 0)
