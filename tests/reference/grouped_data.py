#!/usr/bin/python3
"""Reference values for tests/measure/test_grouped_data.cpp, test_lorenz_gq.cpp,
test_lorenz_beta.cpp and test_grouped_poverty.cpp: the general quadratic (GQ) and beta Lorenz
curves fitted to grouped data, and the poverty and distribution measures they imply.

Regenerate (from the repository root, with Debian's python3-mpmath, python3-numpy and
python3-scipy):

    /usr/bin/python3 tests/reference/grouped_data.py > tests/reference/grouped_data.inc

Each line: {"case", "quantity", value}. Nothing here calls povstat. The script implements the
published definitions itself, in 40-digit arithmetic (mpmath), and computes every measure from
its *definition* as an integral over the fitted curve, not from the closed forms povstat uses,
so that the tests check the closed forms too:

  headcount  H: the p in (0, 1) at which mu L'(p) = z, by bisection (0 or 1 when z lies
             below or above every income the curve implies);
  poverty gap      PG = integral_0^H (1 - mu L'(p)/z) dp,
  severity         P2 = integral_0^H (1 - mu L'(p)/z)^2 dp,
  Watts            W  = integral over {p < H : L'(p) > 0} of log(z / (mu L'(p))) dp,
  Gini             G  = 1 - 2 integral_0^1 L(p) dp,
  median           mu L'(1/2),
  mean log dev.    MLD = -integral over {p : L'(p) > 0} of log L'(p) dp,
  polarization     2 (1 - G - 2 L(1/2)) / L'(1/2)  (Wolfson 1994, as PIP computes it).

Regressions (Datt 1998, Table 2; PIP's wbpip `regres`), over every point but the last, (1, 1):
  GQ:   L(1 - L) = a (p^2 - L) + b L (p - 1) + c (p - L), no intercept;
  beta: log(p - L) = log(theta) + gamma log(p) + delta log(1 - p), with intercept;
solved here by the normal equations in 40 digits (exact enough at that precision) and cross-
checked against numpy.linalg.lstsq in double. Standard errors: s^2 (X'X)^-1, s^2 = rss/(n - 3).

Validity (Datt 1998, Table 2; wbpip check_curve_validity_lq / _lb) and PIP's choice between
the two fits (wbpip gd_select_lorenz: use_lq_for_poverty, use_lq_for_distributional) are
implemented from their statements, as documented in docs/measures.md.

Cases:
  datt    Datt (1998) rural India 1983: class shares W (% of persons) and class means X,
          mean 109.9 (as published), poverty line 89.
  lognormal  the exact Lorenz curve of a lognormal with sigma = 0.6, mean 100, at 14
          population shares, poverty line 70; the true measures of the lognormal itself are
          written too ("true_*") so that the tests can show how close the fits come.
  pip     the grouped data of wbpip's own tests (tests/testthat/test-gd_compute_pip_stats_lq.R:
          lorenz_pop, lorenz_welfare), mean 51.5660557757944, line 57.791666666666664.
  mixed, extreme  two tables (found by a seeded random search) for PIP's choices: a valid GQ
          fit beside a non-convex beta fit; neither fit valid or normal (only the fits and
          the choices are written for "extreme").
  gq_hyperbola, gq_parabola, beta_low_delta  curves given by their parameters, for branches
          the tables do not reach: GQ with m > 0 and m = 0, beta with delta < 1/2.
Each table is also measured at a sweep of poverty lines ("sweep_k"): multiples of the mean,
and lines below and above the range of welfare the GQ curve implies.
"""

import sys

import mpmath as mp
import numpy as np
import scipy
import scipy.integrate
import scipy.stats

mp.mp.dps = 40
ZERO, ONE, HALF = mp.mpf(0), mp.mpf(1), mp.mpf(1) / 2


def emit(case, quantity, value):
    v = float(value)
    print('{"%s", "%s", %s},' % (case, quantity, "NAN" if v != v else repr(v)))


# ------------------------------------------------------------------------------------------
# Data


def cumulative_from_classes(W, X):
    """Cumulative population and welfare shares from class shares W and class means X."""
    W = [mp.mpf(float(w)) for w in W]
    X = [mp.mpf(float(x)) for x in X]
    total_w = mp.fsum(W)
    total_wx = mp.fsum(w * x for w, x in zip(W, X))
    p, L, sw, swx = [], [], ZERO, ZERO
    for w, x in zip(W, X):
        sw += w
        swx += w * x
        p.append(sw / total_w)
        L.append(swx / total_wx)
    return p, L, total_wx / total_w


def lognormal_case(sigma, shares):
    s = mp.mpf(sigma)
    p = [mp.mpf(x) for x in shares]
    # L(p) = Phi(Phi^-1(p) - sigma); inputs are rounded to double, as the C++ test reads them.
    L = [mp.ncdf(mp.sqrt(2) * mp.erfinv(2 * q - 1) - s) if q < 1 else ONE for q in p]
    return [mp.mpf(float(q)) for q in p], [mp.mpf(float(v)) for v in L]


# ------------------------------------------------------------------------------------------
# Least squares


def solve_ls(X, y):
    """Least squares by the normal equations in 40-digit arithmetic."""
    A = mp.matrix(X)
    b = mp.matrix(y)
    AtA = A.T * A
    coef = mp.lu_solve(AtA, A.T * b)
    resid = b - A * coef
    rss = mp.fsum(r * r for r in resid)
    n, k = A.rows, A.cols
    s2 = rss / (n - k)
    inv = mp.inverse(AtA)
    se = [mp.sqrt(s2 * inv[j, j]) for j in range(k)]
    # Cross-check in double with numpy's SVD-based solver.
    ref = np.linalg.lstsq(np.array([[float(v) for v in row] for row in X]),
                          np.array([float(v) for v in y]), rcond=None)[0]
    for j in range(k):
        assert abs(ref[j] - float(coef[j])) <= 1e-9 * max(1.0, abs(ref[j])), (ref, coef)
    return [coef[j] for j in range(k)], se, rss


# ------------------------------------------------------------------------------------------
# Curves


class GQ:
    name = "gq"

    def __init__(self, p=None, L=None, parameters=None):
        if parameters is None:
            P, l = p[:-1], L[:-1]
            X = [[q * q - v, v * (q - 1), q - v] for q, v in zip(P, l)]
            y = [v * (1 - v) for v in l]
            (self.a, self.b, self.c), self.se, self.regression_sse = solve_ls(X, y)
        else:
            self.a, self.b, self.c = (mp.mpf(float(v)) for v in parameters)
        a, b, c = self.a, self.b, self.c
        self.e = -(a + b + c + 1)
        self.m = b * b - 4 * a
        self.n = 2 * b * self.e - 4 * c
        r2 = self.n ** 2 - 4 * self.m * self.e ** 2
        self.r = mp.sqrt(r2) if r2 >= 0 else mp.nan
        e, m, n = self.e, self.m, self.n
        self.through_origin = e < 0
        self.through_top = a + c >= 1
        self.nonnegative_slope = c >= 0
        cn3 = n * n / (4 * e * e)
        self.convex = (m < 0) or (0 < m < cn3 and n >= 0) or (0 < m < -n / 2 and m < cn3)
        self.valid = self.through_origin and self.through_top and self.nonnegative_slope and self.convex
        # wbpip check_curve_validity_lq: "normal" without a + c >= 1; "valid" adds a + c >= 0.9.
        self.pip_normal = (not e > 0) and (not c < 0) and self.convex
        self.pip_valid = self.pip_normal and a + c >= mp.mpf("0.9")

    def Q(self, p):
        # Taken as 0 where negative (a curve that is not real there), as wbpip value_at_lq.
        return max(self.m * p * p + self.n * p + self.e ** 2, ZERO)

    def lorenz(self, p):
        return -(self.b * p + self.e + mp.sqrt(self.Q(p))) / 2

    def slope(self, p):
        return -self.b / 2 - (2 * self.m * p + self.n) / (4 * mp.sqrt(self.Q(p)))

    def curvature(self, p):
        return self.r ** 2 / (8 * self.Q(p) ** mp.mpf(1.5))

    def slope_at_zero(self):
        return self.slope(ZERO)

    def slope_at_one(self):
        return self.slope(ONE)

    def emit_parameters(self, case):
        for k in ("a", "b", "c", "e", "m", "n", "r"):
            emit(case, "gq." + k, getattr(self, k))
        for k, v in zip(("a", "b", "c"), self.se):
            emit(case, "gq.se_" + k, v)
        emit(case, "gq.regression_sse", self.regression_sse)
        for k in ("through_origin", "through_top", "nonnegative_slope", "convex", "valid",
                  "pip_normal", "pip_valid"):
            emit(case, "gq." + k, 1 if getattr(self, k) else 0)


class Beta:
    name = "beta"

    def __init__(self, p=None, L=None, parameters=None):
        if parameters is None:
            P, l = p[:-1], L[:-1]
            X = [[ONE, mp.log(q), mp.log(1 - q)] for q in P]
            y = [mp.log(q - v) for q, v in zip(P, l)]
            (log_theta, self.gamma, self.delta), self.se, self.regression_sse = solve_ls(X, y)
            self.theta = mp.exp(log_theta)
        else:
            self.theta, self.gamma, self.delta = (mp.mpf(float(v)) for v in parameters)
        # wbpip check_curve_validity_lb: L' >= 0 at p = 0.001, 0.051 (seq(0.001, 0.1, 0.05));
        # L'' >= 0 at p = 0.001, 0.051, ..., 0.951 (seq(0.001, 0.999, 0.05)).
        self.nondecreasing = all(self.slope(mp.mpf("0.001") + mp.mpf("0.05") * k) >= 0 for k in range(2))
        self.convex = all(self.curvature(mp.mpf("0.001") + mp.mpf("0.05") * k) >= 0 for k in range(20))
        self.valid = self.nondecreasing and self.convex

    def lorenz(self, p):
        return p - self.theta * p ** self.gamma * (1 - p) ** self.delta

    def slope(self, p):
        t, g, d = self.theta, self.gamma, self.delta
        return 1 - t * p ** g * (1 - p) ** d * (g / p - d / (1 - p))

    def curvature(self, p):
        t, g, d = self.theta, self.gamma, self.delta
        return t * p ** g * (1 - p) ** d * (g * (1 - g) / p ** 2 + 2 * g * d / (p * (1 - p))
                                            + d * (1 - d) / (1 - p) ** 2)

    def slope_at_zero(self):
        g = self.gamma
        return -mp.inf if g < 1 else (1 - self.theta if g == 1 else ONE)

    def slope_at_one(self):
        d = self.delta
        return mp.inf if d < 1 else (1 + self.theta if d == 1 else ONE)

    def emit_parameters(self, case):
        for k in ("theta", "gamma", "delta"):
            emit(case, "beta." + k, getattr(self, k))
        for k, v in zip(("log_theta", "gamma", "delta"), self.se):
            emit(case, "beta.se_" + k, v)
        emit(case, "beta.regression_sse", self.regression_sse)
        for k in ("nondecreasing", "convex", "valid"):
            emit(case, "beta." + k, 1 if getattr(self, k) else 0)


# ------------------------------------------------------------------------------------------
# Measures from their definitions


def bisect(f, lo, hi):
    """The root of an increasing f on [lo, hi] (f(lo) < 0 < f(hi)), to 40 digits."""
    flo = f(lo)
    for _ in range(200):
        mid = (lo + hi) / 2
        if (f(mid) < 0) == (flo < 0):
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def first_positive_slope(curve, upper):
    """p0: L' > 0 on (p0, upper] (L' increasing on a valid curve); 0 when L'(0+) >= 0."""
    if curve.slope_at_zero() >= 0:
        return ZERO
    if (curve.slope_at_one() if upper == 1 else curve.slope(upper)) <= 0:
        return upper
    hi = upper if upper < 1 else HALF
    while curve.slope(hi) <= 0:  # L'(1-) > 0, so this ends
        hi = 1 - (1 - hi) / 2
    lo = hi / 2
    while curve.slope(lo) > 0:  # L'(0+) < 0, so this ends
        lo /= 2
    return bisect(curve.slope, lo, hi)


def log_positive_slope(curve, q):
    """log L'(q) on {L' > 0}; at quadrature nodes closer to the root p0 of L' than 40 digits
    resolve, L' may round to 0 or below: such a node counts as log(1e-60) (weight negligible)."""
    v = curve.slope(q)
    assert v > -mp.mpf(10) ** -25, (q, v)
    return mp.log(max(v, mp.mpf(10) ** -60))


def quad(f, a, b):
    if b <= a:
        return ZERO
    return mp.quad(f, [a, b])


def poverty(curve, mean, z, p=None, L=None):
    ratio = z / mean
    if ratio <= curve.slope_at_zero():
        H, inside = ZERO, False
    elif ratio >= curve.slope_at_one():
        H, inside = ONE, False
    else:
        # Bracket the root inside (0, 1) by halving towards each end.
        lo, hi = HALF, HALF
        while curve.slope(lo) >= ratio:
            lo /= 2
        while curve.slope(hi) <= ratio:
            hi = 1 - (1 - hi) / 2
        H, inside = bisect(lambda q: curve.slope(q) - ratio, lo, hi), True
    gap = lambda q: 1 - curve.slope(q) / ratio
    PG = quad(gap, ZERO, H)
    P2 = quad(lambda q: gap(q) ** 2, ZERO, H)
    p0 = first_positive_slope(curve, H) if H > 0 else ZERO
    W = quad(lambda q: mp.log(ratio) - log_positive_slope(curve, q), p0, H)
    # Sum of squared Lorenz errors up to the headcount (wbpip gd_compute_fit_lq): the points
    # with p < H and the first point at or above it.
    result = dict(headcount=H, poverty_gap=PG, severity=P2, watts=W,
                  line_within_range=1 if inside else 0)
    if p is not None:
        residual = [v - curve.lorenz(q) for q, v in zip(p, L)]
        k = min(sum(1 for q in p if q < H), len(p) - 1)
        result["ssez"] = mp.fsum(r * r for r in residual[:k + 1])
    return result


def distribution(curve, mean, p=None, L=None):
    G = 1 - 2 * quad(curve.lorenz, ZERO, ONE)
    median = mean * curve.slope(HALF)
    p0 = first_positive_slope(curve, ONE)
    mld = -quad(lambda q: log_positive_slope(curve, q), p0, ONE)
    polarization = 2 * (1 - G - 2 * curve.lorenz(HALF)) / curve.slope(HALF)
    result = dict(gini=G, median=median, mld=mld, polarization=polarization)
    if p is not None:
        result["sse"] = mp.fsum((v - curve.lorenz(q)) ** 2 for q, v in zip(p, L))
    return result


def check_against_scipy(curve, mean, z, pov, dist):
    """Cross-checks a few integrals with scipy.integrate.quad in double."""
    ratio = float(z / mean)
    H = float(pov["headcount"])
    slope = lambda q: float(curve.slope(mp.mpf(q)))
    if H > 0:
        P2 = scipy.integrate.quad(lambda q: (1 - slope(q) / ratio) ** 2, 0, H, limit=200)[0]
        assert abs(P2 - float(pov["severity"])) < 1e-7, (P2, pov["severity"])
    G = 1 - 2 * scipy.integrate.quad(lambda q: float(curve.lorenz(mp.mpf(q))), 0, 1)[0]
    assert abs(G - float(dist["gini"])) < 1e-9, (G, dist["gini"])
    # Analytic derivatives against numerical differentiation at interior points.
    for q in (mp.mpf("0.3"), mp.mpf("0.7")):
        assert abs(mp.diff(curve.lorenz, q) - curve.slope(q)) < mp.mpf(10) ** -25
        assert abs(mp.diff(curve.lorenz, q, 2) - curve.curvature(q)) < mp.mpf(10) ** -20


# ------------------------------------------------------------------------------------------
# PIP's choice (wbpip gd_select_lorenz)


def use_gq_for_poverty(gq, beta, gq_pov, beta_pov):
    # Qv, Bv, Qc, Bc -> flag; the table of use_lq_for_poverty.
    qv, bv = gq.pip_valid, beta.valid
    qn, bn = gq.pip_normal, bool(beta_pov["line_within_range"])
    flag = 8 * qv + 4 * bv + 2 * qn + bn
    if flag in (13, 9, 7, 5, 4, 1):
        return False
    if flag in (15, 3):
        return gq_pov["ssez"] <= beta_pov["ssez"]
    return True


def choice_for_poverty(gq, beta, gq_pov, beta_pov):
    if not (gq.pip_normal or beta_pov["line_within_range"]):
        return 0  # none
    return 1 if use_gq_for_poverty(gq, beta, gq_pov, beta_pov) else 2


def choice_for_distribution(gq, beta, gq_dist, beta_dist):
    if gq.pip_valid and beta.valid:
        return 1 if gq_dist["sse"] <= beta_dist["sse"] else 2
    if gq.pip_valid:
        return 1
    if beta.valid:
        return 2
    return 0  # none


# ------------------------------------------------------------------------------------------


def run(case, p, L, mean, z, sweep=True, measures=True):
    mean, z = mp.mpf(float(mean)), mp.mpf(float(z))
    for i, (q, v) in enumerate(zip(p, L)):
        emit(case, "p_%d" % i, q)
        emit(case, "lorenz_%d" % i, v)
    emit(case, "size", len(p))
    emit(case, "mean", mean)
    emit(case, "poverty_line", z)
    results = {}
    for curve in (GQ(p, L), Beta(p, L)):
        curve.emit_parameters(case)
        pov = poverty(curve, mean, z, p, L)
        dist = distribution(curve, mean, p, L) if measures else dict(
            sse=mp.fsum((v - curve.lorenz(q)) ** 2 for q, v in zip(p, L)))
        if measures:
            check_against_scipy(curve, mean, z, pov, dist)
            for k, v in list(pov.items()) + list(dist.items()):
                emit(case, curve.name + "." + k, v)
        else:  # only what PIP's choice needs
            emit(case, curve.name + ".sse", dist["sse"])
            emit(case, curve.name + ".line_within_range", pov["line_within_range"])
        for i, (q, v) in enumerate(zip(p, L)):
            emit(case, "%s.residual_%d" % (curve.name, i), v - curve.lorenz(q))
        results[curve.name] = (curve, pov, dist)
    gq, gq_pov, gq_dist = results["gq"]
    beta, beta_pov, beta_dist = results["beta"]
    emit(case, "choice.poverty", choice_for_poverty(gq, beta, gq_pov, beta_pov))
    emit(case, "choice.distribution", choice_for_distribution(gq, beta, gq_dist, beta_dist))
    if not sweep:
        return
    # Other poverty lines: multiples of the mean, and (GQ's slope is finite at both ends) one
    # line below the lowest and one above the highest income the GQ curve implies.
    lines = [mean * mp.mpf(k) for k in ("0.3", "0.6", "1", "1.5", "3")]
    if gq.slope_at_zero() > 0:
        lines.append(mean * gq.slope_at_zero() / 2)
    if mp.isfinite(gq.slope_at_one()):
        lines.append(mean * gq.slope_at_one() * mp.mpf("1.5"))
    emit(case, "sweep_size", len(lines))
    for j, line in enumerate(lines):
        line = mp.mpf(float(line))
        emit(case, "sweep_%d.z" % j, line)
        for curve in (gq, beta):
            for k, v in poverty(curve, mean, line, p, L).items():
                emit(case, "%s.sweep_%d.%s" % (curve.name, j, k), v)


def run_parameters(case, curve, mean, z):
    """A curve given by its parameters (no data): flags and measures."""
    mean, z = mp.mpf(float(mean)), mp.mpf(float(z))
    emit(case, "mean", mean)
    emit(case, "poverty_line", z)
    pov = poverty(curve, mean, z)
    dist = distribution(curve, mean)
    for k, v in list(pov.items()) + list(dist.items()):
        emit(case, curve.name + "." + k, v)
    names = ("e", "m", "n", "r", "through_origin", "through_top", "nonnegative_slope", "convex",
             "valid", "pip_normal", "pip_valid") if curve.name == "gq" else ("nondecreasing", "convex", "valid")
    for k in names:
        v = getattr(curve, k)
        emit(case, curve.name + "." + k, (1 if v else 0) if isinstance(v, bool) else v)


def main():
    print("// Generated by tests/reference/grouped_data.py (Python %s, mpmath %s, numpy %s, "
          "scipy %s); do not edit." % (sys.version.split()[0], mp.__version__, np.__version__,
                                       scipy.__version__))

    # Datt (1998), rural India 1983: % of persons and mean per capita expenditure by class.
    W = [0.92, 2.47, 5.11, 7.90, 9.69, 15.24, 13.64, 16.99, 10.00, 9.78, 3.96, 1.81, 2.49]
    X = [24.84, 35.80, 45.36, 55.10, 64.92, 77.08, 91.75, 110.64, 134.90, 167.76, 215.48,
         261.66, 384.97]
    p, L, class_mean = cumulative_from_classes(W, X)
    emit("datt", "class_mean", class_mean)
    run("datt", p, L, "109.9", "89")

    sigma, mean, z = 0.6, 100, 70
    shares = ["0.01", "0.05", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9",
              "0.95", "0.99", "1"]
    p, L = lognormal_case(sigma, shares)
    run("lognormal", p, L, mean, z)
    s, m, zz = mp.mpf(sigma), mp.mpf(mean), mp.mpf(z)
    a = (mp.log(zz / m) + s * s / 2) / s  # y = m exp(s Z - s^2/2): y < z  <=>  Z < a
    emit("lognormal", "true_headcount", mp.ncdf(a))
    emit("lognormal", "true_poverty_gap", mp.ncdf(a) - m / zz * mp.ncdf(a - s))
    emit("lognormal", "true_severity",
         mp.ncdf(a) - 2 * m / zz * mp.ncdf(a - s) + (m / zz) ** 2 * mp.exp(s * s) * mp.ncdf(a - 2 * s))
    emit("lognormal", "true_watts", mp.ncdf(a) * (mp.log(zz / m) + s * s / 2) + s * mp.npdf(a))
    emit("lognormal", "true_gini", 2 * mp.ncdf(s / mp.sqrt(2)) - 1)
    emit("lognormal", "true_median", m * mp.exp(-s * s / 2))
    emit("lognormal", "true_mld", s * s / 2)
    emit("lognormal", "true_polarization",
         2 * (1 - (2 * mp.ncdf(s / mp.sqrt(2)) - 1) - 2 * mp.ncdf(-s)) * mp.exp(s * s / 2))
    # scipy's lognormal agrees on the headcount.
    assert abs(scipy.stats.lognorm(sigma, scale=mean * np.exp(-sigma ** 2 / 2)).cdf(z)
               - float(mp.ncdf(a))) < 1e-14

    p = [mp.mpf(v) for v in ("0.0005", "0.0032", "0.014799999999999999", "0.0443", "0.0991",
                             "0.257", "0.4385", "0.5938", "0.7089", "1")]
    L = [mp.mpf(v) for v in ("5.824760527229386e-05", "0.000604029410841011",
                             "0.0037949334793616948", "0.013988878652244477",
                             "0.036992164583098786", "0.12140708906131342",
                             "0.24531391873082081", "0.37446670169288321",
                             "0.48753116241194566", "1")]
    p = [mp.mpf(float(v)) for v in p]
    L = [mp.mpf(float(v)) for v in L]
    run("pip", p, L, "51.5660557757944", "57.791666666666664")

    # Two tables for PIP's choices: "mixed" (found by a random search), where the GQ fit is
    # valid and the beta fit invalid with the line outside its range, and "extreme" (class
    # means from 30 to 850000), where neither fit is valid or normal, so that PIP reports no
    # measure at all. Their means are the classes' own.
    for case, W, X, z in (
            ("mixed", [12.4, 20.56, 18.96, 11.8, 2.55], [35.44, 47.62, 77.42, 261.04, 1753.42], 94.5),
            ("extreme", [17.35, 6.04, 3.37, 21.51, 17.15, 18.76, 15.14, 16.19],
             [29.67, 56.11, 58.97, 97.65, 6742.6, 31374.2, 162127.39, 852596.65], 88000)):
        p, L, class_mean = cumulative_from_classes(W, X)
        emit(case, "class_mean", class_mean)
        run(case, p, L, float(class_mean), z, sweep=False, measures=(case != "extreme"))

    # Curves given by parameters, for the branches the data above do not reach: a GQ with
    # m > 0 (a hyperbola; valid), a GQ with m = 0 (a parabola), a beta with delta < 1/2 (the
    # severity's third incomplete beta has a negative second argument).
    run_parameters("gq_hyperbola", GQ(parameters=("0.05", "0.75", "0.98")), 100, 60)
    run_parameters("gq_parabola", GQ(parameters=("0.25", "-1", "0.8")), 100, 90)
    run_parameters("beta_low_delta", Beta(parameters=("0.6", "0.9", "0.4")), 100, 80)


if __name__ == "__main__":
    main()
