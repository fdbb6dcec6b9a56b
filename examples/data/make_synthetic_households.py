#!/usr/bin/env python3
"""Writes synthetic_households.csv: a SYNTHETIC household survey for the measures example.

Not real data. 2,000 households in three regions; per-capita consumption (yuan per person per
year) is log-normal with region-specific medians; sampling weights (households in the
population each sample household stands for) vary by region; six 0/1 deprivations in the
spirit of China's "two assurances and three guarantees" plus safe water (food, clothing,
compulsory education, basic medical care, safe housing, safe water), each more likely the
lower the consumption. Deterministic (seed 2020).
Run: python3 examples/data/make_synthetic_households.py > examples/data/synthetic_households.csv
"""
import random

rng = random.Random(2020)
regions = [("East", 12000.0, 0.55, 800.0), ("Central", 7000.0, 0.60, 1200.0), ("West", 5000.0, 0.65, 1500.0)]
indicators = ["food", "clothing", "education", "medical", "housing", "water"]
base_rate = [0.10, 0.08, 0.12, 0.20, 0.18, 0.15]
print("household,region,weight,consumption," + ",".join(indicators))
household = 0
for name, median, sigma, weight in regions:
    for _ in range({"East": 600, "Central": 700, "West": 700}[name]):
        household += 1
        consumption = median * rng.lognormvariate(0.0, sigma)
        w = weight * rng.uniform(0.8, 1.2)
        poorer = min(1.0, 4000.0 / consumption)  # 1 at or below 4,000 a year
        deprived = [int(rng.random() < rate * (0.3 + 2.2 * poorer)) for rate in base_rate]
        print(f"{household},{name},{w:.1f},{consumption:.0f}," + ",".join(map(str, deprived)))
