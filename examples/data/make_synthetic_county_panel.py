#!/usr/bin/env python3
"""Writes synthetic_county_panel.csv and synthetic_county_panel_planted.csv: a SYNTHETIC panel of
county poverty counts with known planted manipulations, for examples/county_audit.cpp.

Not real data. 25 prefectures (P01-P25, top level) of 20 counties each (C001-C500), 2012-2019.
County c has a rural population P = 10^U(4.7, 5.7) (50,000 to 500,000, constant), an initial
poverty incidence 10^U(log10 0.06, log10 0.30), and a mean poor count
    mu(t) = P * incidence * exp(-r t - k t^2 / 2),  t = year - 2012,
with r ~ U(0.10, 0.30) and k ~ U(-0.01, 0.03) (declines that speed up or slow down); the
reported count is Poisson(mu(t)) — counting noise around a smooth decline. Prefectures report
the sums of their counties' reported figures, populations included.

Planted (drawn with the same generator, listed in synthetic_county_panel_planted.csv):
  heaping     3 counties: every count rounded to a multiple of 10;
  smoothed    2 counties: every count replaced by the constant-pace (geometric) path from the
              2012 count to the 2019 count, rounded to whole persons;
  bunching    30 counties whose true 2019 incidence lies in [3%, 4.5%): the 2019 count is
              replaced by one whose incidence lies in [2.51%, 2.99%] (under the 3% exit line);
  parent_sum  prefecture P07 reports 92% of the sum of its counties in 2018 and 2019.
Prefecture sums are taken after the county manipulations (a prefecture adds up what its counties
report), then P07's figures are altered.

Deterministic (Python's random.Random(2016), Mersenne Twister, whose sequence is fixed across
versions for random() and a given seed; Poisson counts by inversion below mean 10 and by
Hormann's PTRS above it, written out below).
Run from the repository root:
    python3 examples/data/make_synthetic_county_panel.py
"""
import math
import os
import random

rng = random.Random(2016)
YEARS = list(range(2012, 2020))
PREFECTURES, PER_PREFECTURE = 25, 20


def poisson(mean):
    """A Poisson count: inversion below mean 10, PTRS (Hormann 1993) above."""
    if mean < 10:
        u, p, k = rng.random(), math.exp(-mean), 0
        cumulative = p
        while u > cumulative and p > 0:
            k += 1
            p *= mean / k
            cumulative += p
        return k
    slam, loglam = math.sqrt(mean), math.log(mean)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    invalpha = 1.1239 + 1.1328 / (b - 3.4)
    vr = 0.9277 - 3.6224 / (b - 2)
    while True:
        u = rng.random() - 0.5
        v = rng.random()
        us = 0.5 - abs(u)
        k = math.floor((2 * a / us + b) * u + mean + 0.43)
        if us >= 0.07 and v <= vr:
            return k
        if k < 0 or (us < 0.013 and v > us):
            continue
        if v > 0 and math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b) <= -mean + k * loglam - math.lgamma(k + 1):
            return k


counties = []
for c in range(PREFECTURES * PER_PREFECTURE):
    population = round(10 ** rng.uniform(4.7, 5.7))
    incidence = 10 ** rng.uniform(math.log10(0.06), math.log10(0.30))
    r, k = rng.uniform(0.10, 0.30), rng.uniform(-0.01, 0.03)
    poor = [poisson(population * incidence * math.exp(-r * t - k * t * t / 2)) for t in range(len(YEARS))]
    counties.append({"name": f"C{c + 1:03d}", "parent": f"P{c // PER_PREFECTURE + 1:02d}",
                     "population": population, "poor": poor})

planted = []
candidates = list(range(len(counties)))
rng.shuffle(candidates)
for c in sorted(candidates[:3]):
    county = counties[c]
    county["poor"] = [10 * round(v / 10) for v in county["poor"]]
    planted.append((county["name"], "heaping", "2012-2019", "every count rounded to a multiple of 10"))
for c in sorted(candidates[3:5]):
    county = counties[c]
    first, last = county["poor"][0], county["poor"][-1]
    n = len(YEARS) - 1
    county["poor"] = [round(first * (last / first) ** (t / n)) for t in range(len(YEARS))]
    planted.append((county["name"], "smoothed", "2012-2019",
                    f"counts replaced by the constant-pace path from {first} to {last}"))
eligible = [c for c in candidates[5:] if 0.03 <= counties[c]["poor"][-1] / counties[c]["population"] < 0.045]
for c in sorted(eligible[:30]):
    county = counties[c]
    true_rate = county["poor"][-1] / county["population"]
    county["poor"][-1] = math.ceil(county["population"] * rng.uniform(0.0251, 0.0299))
    planted.append((county["name"], "bunching", "2019",
                    f"incidence {100 * true_rate:.2f}% reported as {100 * county['poor'][-1] / county['population']:.2f}%"))

prefectures = []
for j in range(PREFECTURES):
    members = counties[j * PER_PREFECTURE:(j + 1) * PER_PREFECTURE]
    prefectures.append({"name": f"P{j + 1:02d}", "parent": "",
                        "population": sum(m["population"] for m in members),
                        "poor": [sum(m["poor"][t] for m in members) for t in range(len(YEARS))]})
p07 = prefectures[6]
for t in (len(YEARS) - 2, len(YEARS) - 1):
    p07["poor"][t] = round(0.92 * p07["poor"][t])
planted.append(("P07", "parent_sum", "2018-2019", "reports 92% of the sum of its counties"))

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "synthetic_county_panel.csv"), "w", newline="\n") as out:
    out.write("region,year,poor,population,parent\n")
    for region in prefectures + counties:
        for t, year in enumerate(YEARS):
            out.write(f"{region['name']},{year},{region['poor'][t]},{region['population']},{region['parent']}\n")
with open(os.path.join(here, "synthetic_county_panel_planted.csv"), "w", newline="\n") as out:
    out.write("region,kind,years,detail\n")
    for row in planted:
        out.write(",".join(row) + "\n")
