#!/usr/bin/python3
"""Deterministic data generator for benchmarks/compare (adapted from the peers harness:
the same workloads and seeds; W3 values below 0 are clipped to 0, see below).

All binary files are little-endian float64 (or int32 where noted), row-major
(C order).  Everything is fully determined by --seed and the sizes.

Files written to --out (default ./data):
  meta.json          sizes, seed, poverty line z, W3 true params, file layout
  w1_counts.f64      (M, 15)  poor counts, integer-valued doubles >= 0,
                              years 2006..2020 -> x = year-2006 = 0..14
  w2_y.f64           (N,)     per-capita consumption (lognormal), > 0
  w2_w.f64           (N,)     household weights, > 0
  w3_y.f64           (R, 15)  perturbed logistic-decline series, t = 0..14
  w3_start.f64       (R, 3)   common LM starting values (a0, b0, c0) per series
  w4_y.f64           (15,)    one positive count series for the bootstrap
  w4_idx.i32         (B, 15)  residual resampling indices in 0..14 (int32)
  w4_series.csv, w3_first.csv   small human-readable copies
"""
import argparse, json, os, time
import numpy as np

N_YEARS = 15
YEAR0 = 2006


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--M", type=int, default=100_000)
    ap.add_argument("--N", type=int, default=10_000_000)
    ap.add_argument("--R", type=int, default=10_000)
    ap.add_argument("--B", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    x = np.arange(N_YEARS, dtype=np.float64)

    # ---------------- W1: M regional series of poor counts ----------------
    rng = np.random.default_rng([a.seed, 1])
    M = a.M
    logN0 = rng.uniform(np.log(20.0), np.log(2.0e5), M)      # baseline poor pop.
    rate = rng.uniform(0.02, 0.50, M)                        # region decline rate
    noise = rng.normal(0.0, 0.10, (M, N_YEARS))              # extra-Poisson noise
    mu = np.exp(logN0[:, None] - rate[:, None] * x[None, :] + noise)
    counts = rng.poisson(mu).astype(np.float64)
    # guarantee >= 3 positive points for the log-linear fit (first 3 years >= 1)
    counts[:, :3] = np.maximum(counts[:, :3], 1.0)
    counts.tofile(os.path.join(a.out, "w1_counts.f64"))
    frac_zero = float(np.mean((counts == 0).any(axis=1)))

    # ---------------- W2: N weighted household records ----------------
    rng = np.random.default_rng([a.seed, 2])
    N = a.N
    mu_log, sd_log = np.log(3000.0), 0.8
    y = np.exp(rng.normal(mu_log, sd_log, N))
    w = rng.gamma(2.0, 100.0, N) + 1.0
    z = float(np.exp(mu_log - 0.8416212335729143 * sd_log))  # ~20% headcount
    y.tofile(os.path.join(a.out, "w2_y.f64"))
    w.tofile(os.path.join(a.out, "w2_w.f64"))
    del y, w

    # ---------------- W3: logistic decline, R perturbed series ----------------
    rng = np.random.default_rng([a.seed, 3])
    R = a.R
    A, Bt, C = 1000.0, 0.6, 7.0
    base = A / (1.0 + np.exp(Bt * (x - C)))
    Y3 = base[None, :] * np.exp(rng.normal(0.0, 0.05, (R, N_YEARS))) \
        + rng.normal(0.0, 5.0, (R, N_YEARS))
    # Counts are never negative (and povstat rejects a negative count): the additive noise can
    # push the tail of a few series below 0 (11 of 10,000 at the default seed); clip them at 0.
    w3_clipped = int(np.sum(Y3 < 0))
    Y3 = np.maximum(Y3, 0.0)
    start = np.empty((R, 3))
    start[:, 0] = Y3.max(axis=1)
    start[:, 1] = 0.3
    start[:, 2] = 5.0
    Y3.tofile(os.path.join(a.out, "w3_y.f64"))
    start.tofile(os.path.join(a.out, "w3_start.f64"))
    np.savetxt(os.path.join(a.out, "w3_first.csv"), np.c_[x, Y3[0]], delimiter=",",
               header="t,y", comments="", fmt="%.17g")

    # ---------------- W4: one series + bootstrap indices ----------------
    rng = np.random.default_rng([a.seed, 4])
    B = a.B
    y4 = np.maximum(np.round(5000.0 * np.exp(-0.25 * x + rng.normal(0.0, 0.15, N_YEARS))), 1.0)
    idx = rng.integers(0, N_YEARS, (B, N_YEARS), dtype=np.int32)
    y4.tofile(os.path.join(a.out, "w4_y.f64"))
    idx.tofile(os.path.join(a.out, "w4_idx.i32"))
    np.savetxt(os.path.join(a.out, "w4_series.csv"), np.c_[x + YEAR0, y4], delimiter=",",
               header="year,count", comments="", fmt="%.17g")

    meta = dict(seed=a.seed, M=M, N=N, R=R, B=B, n_years=N_YEARS, year0=YEAR0,
                z=z, w3_true=[A, Bt, C], w3_values_clipped_at_0=w3_clipped, w1_frac_series_with_zero=frac_zero,
                layout="little-endian, row-major; f64 = float64, i32 = int32",
                files={"w1_counts.f64": [M, N_YEARS], "w2_y.f64": [N], "w2_w.f64": [N],
                       "w3_y.f64": [R, N_YEARS], "w3_start.f64": [R, 3],
                       "w4_y.f64": [N_YEARS], "w4_idx.i32": [B, N_YEARS]})
    with open(os.path.join(a.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    print(f"gen_data: M={M} N={N} R={R} B={B} seed={a.seed} z={z:.6f} "
          f"frac_series_with_zero={frac_zero:.4f} ({time.time()-t0:.1f}s)")


if __name__ == "__main__":
    main()
