// Poverty and inequality measures on microdata and on grouped data.
//
//  1. A SYNTHETIC household survey (examples/data/synthetic_households.csv, made by
//     make_synthetic_households.py — not real data): FGT, Watts, Sen, SST with an illustrative
//     line of 4,000 a year, relative poverty, inequality, and a bootstrap standard error.
//     Then the multidimensional (Alkire-Foster) poverty of its six deprivations.
//  2. Rural India 1983 as grouped data (Datt 1998): the general quadratic and beta Lorenz
//     curves, their validity, and PIP's choice of curve for the poverty measures at z = 89.
//
// Usage: poverty_measures [data directory]   (default: the bundled examples/data)

#include <array>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <povstat/povstat.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct survey {
  std::vector<std::string> region;
  std::vector<double> weight, consumption;
  std::vector<std::array<double, 6>> deprived;  // food, clothing, education, medical, housing, water
};

// The survey's four columns, read with the standard library (povstat's readers are for
// poverty counts over time, not for household files).
survey read_survey(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  survey s;
  std::string line;
  std::getline(in, line);  // household,region,weight,consumption,food,...,water
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, region, weight, consumption, flag;
    std::getline(fields, id, ',');
    std::getline(fields, region, ',');
    std::getline(fields, weight, ',');
    std::getline(fields, consumption, ',');
    std::array<double, 6> deprived{};
    for (double& d : deprived) {
      std::getline(fields, flag, ',');
      d = std::stod(flag);
    }
    s.region.push_back(region);
    s.weight.push_back(std::stod(weight));
    s.consumption.push_back(std::stod(consumption));
    s.deprived.push_back(deprived);
  }
  return s;
}

void print_microdata(const survey& s) {
  const double z = 4000;
  const auto all = povstat::poverty_measures(s.consumption, s.weight, z);
  std::printf("SYNTHETIC survey: %zu households (not real data), poverty line %.0f a year\n\n",
              s.consumption.size(), z);
  std::printf("  headcount %.4f   poverty gap %.4f   severity %.4f\n", all.headcount, all.poverty_gap,
              all.poverty_severity);
  std::printf("  Watts %.4f   Sen %.4f   SST %.4f\n", all.watts, all.sen, all.sst);
  const auto se = povstat::fgt_se(s.consumption, s.weight, z, 0.0);
  const auto boot = povstat::bootstrap_se(
      [&](std::span<const double> y, std::span<const double> w) { return povstat::fgt(y, w, z, 0.0); },
      s.consumption, s.weight, 200, 2020);
  std::printf("  headcount se: analytic %.4f, bootstrap (200 replicates, seed 2020) %.4f\n", se.se, boot.se);
  std::printf("  at-risk-of-poverty threshold (60%% of median) %.0f, rate %.4f, median gap %.4f\n",
              povstat::arpt(s.consumption, s.weight), povstat::arpr(s.consumption, s.weight),
              povstat::relative_median_gap(s.consumption, s.weight));
  std::printf("  Gini %.4f   Theil T %.4f   MLD %.4f   Atkinson(1) %.4f   Palma %.3f   S80/S20 %.3f\n",
              povstat::gini(s.consumption, s.weight), povstat::theil_t(s.consumption, s.weight),
              povstat::mld(s.consumption, s.weight), povstat::atkinson(s.consumption, s.weight, 1.0),
              povstat::palma(s.consumption, s.weight), povstat::quintile_share_ratio(s.consumption, s.weight));
  std::printf("\n  by region:      headcount   gap      Gini\n");
  for (const std::string name : {"East", "Central", "West"}) {
    std::vector<double> y, w;
    for (std::size_t i = 0; i < s.region.size(); ++i)
      if (s.region[i] == name) {
        y.push_back(s.consumption[i]);
        w.push_back(s.weight[i]);
      }
    std::printf("  %-8s        %8.4f %8.4f %8.4f\n", name.c_str(), povstat::fgt(y, w, z, 0.0),
                povstat::fgt(y, w, z, 1.0), povstat::gini(y, w));
  }
}

// Alkire-Foster with equal weights: poor when deprived in at least k = 2/6 of the weight.
void print_multidimensional(const survey& s) {
  Eigen::MatrixXd g(static_cast<Eigen::Index>(s.deprived.size()), 6);
  for (std::size_t i = 0; i < s.deprived.size(); ++i)
    for (std::size_t j = 0; j < 6; ++j) g(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = s.deprived[i][j];
  const std::vector<double> weights(6, 1.0);
  const auto af = povstat::alkire_foster(g, weights, 2.0 / 6, s.weight);
  std::printf("\n  multidimensional (Alkire-Foster, 6 equally weighted indicators, k = 2/6):\n");
  std::printf("  H %.4f   A %.4f   M0 %.4f\n  contribution:", af.headcount, af.intensity, af.m0);
  const char* names[] = {"food", "clothing", "education", "medical", "housing", "water"};
  for (std::size_t j = 0; j < 6; ++j) std::printf(" %s %.1f%%", names[j], 100 * af.contribution[j]);
  std::printf("\n");
}

void print_grouped(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::vector<double> share, mean;
  std::string line;
  std::getline(in, line);  // class,population_percent,mean_consumption
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, p, x;
    std::getline(fields, id, ',');
    std::getline(fields, p, ',');
    std::getline(fields, x, ',');
    share.push_back(std::stod(p));
    mean.push_back(std::stod(x));
  }
  const auto data = povstat::grouped_data<double>::from_classes(share, mean);
  const double z = 89;
  const auto result = povstat::grouped_poverty(data, z);
  std::printf("\nRural India 1983, grouped (Datt 1998): mean %.1f, poverty line %.0f\n\n", data.mean(), z);
  std::printf("  GQ    a %.4f b %.4f c %.4f  valid %s  H %.4f PG %.4f P2 %.4f  Gini %.4f\n", result.gq.a,
              result.gq.b, result.gq.c, result.gq.valid() ? "yes" : "no", result.gq_poverty.headcount,
              result.gq_poverty.poverty_gap, result.gq_poverty.severity, result.gq_distribution.gini);
  std::printf("  Beta  theta %.4f gamma %.4f delta %.4f  valid %s  H %.4f PG %.4f P2 %.4f  Gini %.4f\n",
              result.beta.theta, result.beta.gamma, result.beta.delta, result.beta.valid() ? "yes" : "no",
              result.beta_poverty.headcount, result.beta_poverty.poverty_gap, result.beta_poverty.severity,
              result.beta_distribution.gini);
  const auto form = [](povstat::lorenz_form f) {
    return f == povstat::lorenz_form::general_quadratic ? "GQ" : f == povstat::lorenz_form::beta ? "beta" : "none";
  };
  std::printf("  PIP's choice: %s for poverty (H %.4f, Watts %.4f), %s for distribution (median %.1f)\n",
              form(result.poverty_form), result.poverty.headcount, result.poverty.watts,
              form(result.distribution_form), result.distribution.median);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const fs::path data = argc > 1 ? fs::path(argv[1]) : fs::path(POVSTAT_EXAMPLE_DATA_DIR);
    const auto households = read_survey(data / "synthetic_households.csv");
    print_microdata(households);
    print_multidimensional(households);
    print_grouped(data / "datt1998_rural_india_1983.csv");
    std::printf("\nSources: examples/data/README.md\n");
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "poverty_measures: %s\n", error.what());
    return 1;
  }
}
