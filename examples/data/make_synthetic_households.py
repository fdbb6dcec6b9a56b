#!/usr/bin/env python3
"""Writes synthetic_households.csv: a SYNTHETIC household survey for the measures example.

Not real data. 2,000 households in three regions; per-capita consumption (yuan per person per
year) is log-normal with region-specific medians; sampling weights (households in the
population each sample household stands for) vary by region. Deterministic (seed 2020).
Run: python3 examples/data/make_synthetic_households.py > examples/data/synthetic_households.csv
"""
import random

rng = random.Random(2020)
regions = [("East", 12000.0, 0.55, 800.0), ("Central", 7000.0, 0.60, 1200.0), ("West", 5000.0, 0.65, 1500.0)]
print("household,region,weight,consumption")
household = 0
for name, median, sigma, weight in regions:
    for _ in range({"East": 600, "Central": 700, "West": 700}[name]):
        household += 1
        consumption = median * rng.lognormvariate(0.0, sigma)
        w = weight * rng.uniform(0.8, 1.2)
        print(f"{household},{name},{w:.1f},{consumption:.0f}")
