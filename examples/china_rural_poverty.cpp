// China's rural poor, 2010-2020: the national series and the regional panel, with
// year-on-year change, the published incidence, and a check that regions add up; then the
// national trend under each model (fitted to 2010-2019, before the declared zero), what each
// implied for 2020, fit_best's ranking, and each region's annual rate of decline.
//
// Usage: china_rural_poverty [data directory]   (default: the bundled examples/data)

#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <povstat/povstat.hpp>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

// The published incidence (year -> percent). A two-column file read with the standard
// library: povstat's readers are for poverty counts, not for arbitrary tables.
std::map<double, double> read_incidence(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::map<double, double> incidence;
  std::string line;
  std::getline(in, line);  // header: year,incidence_percent
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    double year = 0, percent = 0;
    char comma = 0;
    if (fields >> year >> comma >> percent && comma == ',') incidence[year] = percent;
  }
  return incidence;
}

std::string year_text(double year) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", year);
  return text;
}

std::string millions(double persons) {
  if (std::isnan(persons)) return "—";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", persons / 1e6);
  return text;
}

// Pads to `width` display columns (the dash "—" is one column but three bytes).
std::string cell(const std::string& text, int width) {
  const int bytes = static_cast<int>(text.size());
  const int shown = text == "—" ? 1 : bytes;
  return std::string(static_cast<std::size_t>(width > shown ? width - shown : 0), ' ') + text;
}

void print_national(const povstat::population_series<double>& national,
                    const std::map<double, double>& incidence) {
  std::printf("China, rural poor under the 2010 poverty line (year-end; NBS)\n\n");
  std::printf("%s%s%s%s%s\n", cell("year", 6).c_str(), cell("poor (mn)", 12).c_str(),
              cell("change (mn)", 13).c_str(), cell("change (%)", 12).c_str(),
              cell("incidence (%)", 15).c_str());
  const auto years = national.years();
  const auto poor = national.poor();
  for (std::size_t i = 0; i < national.size(); ++i) {
    std::string change = "—", percent = "—", rate = "—";
    if (i > 0 && years[i] - years[i - 1] == 1) {
      change = millions(poor[i] - poor[i - 1]);
      char text[32];
      std::snprintf(text, sizeof text, "%.1f", 100.0 * (poor[i] - poor[i - 1]) / poor[i - 1]);
      percent = text;
    }
    if (const auto it = incidence.find(years[i]); it != incidence.end()) {
      char text[32];
      std::snprintf(text, sizeof text, "%.1f", it->second);
      rate = text;
    }
    std::printf("%s%s%s%s%s\n", cell(year_text(years[i]), 6).c_str(),
                cell(millions(poor[i]), 12).c_str(), cell(change, 13).c_str(),
                cell(percent, 12).c_str(), cell(rate, 15).c_str());
  }
}

void print_regions(const povstat::regional_cohort<double>& cohort) {
  const std::size_t nation = cohort.index("China");
  const auto regions = cohort.children("China");
  const auto rebuilt = cohort.aggregate_to_parents();  // China = East + Central + West
  std::printf("\nRural poor by region (million; — = not published)\n\n%s", cell("year", 6).c_str());
  for (const auto& name : regions) std::printf("%s", cell(name, 10).c_str());
  std::printf("%s%s%s\n", cell("sum", 10).c_str(), cell("national", 10).c_str(),
              cell("sum - nat.", 12).c_str());
  const auto& poor = cohort.poor();
  for (std::size_t y = 0; y < cohort.year_count(); ++y) {
    const auto col = static_cast<Eigen::Index>(y);
    bool any_region = false;
    for (const auto& name : regions)
      any_region = any_region || !std::isnan(poor(static_cast<Eigen::Index>(cohort.index(name)), col));
    if (!any_region) continue;
    std::printf("%s", cell(year_text(cohort.years()[y]), 6).c_str());
    for (const auto& name : regions)
      std::printf("%s", cell(millions(poor(static_cast<Eigen::Index>(cohort.index(name)), col)), 10).c_str());
    const double sum = rebuilt.poor()(static_cast<Eigen::Index>(nation), col);
    const double reported = poor(static_cast<Eigen::Index>(nation), col);
    std::printf("%s%s%s\n", cell(millions(sum), 10).c_str(), cell(millions(reported), 10).c_str(),
                cell(millions(sum - reported), 12).c_str());
  }
  std::printf("\nHeadcount change by region, first to last published year:\n");
  for (const auto& name : regions) {
    const auto s = cohort.series(name);
    const std::size_t last = s.size() - 1;
    std::printf("  %-8s %s: %s mn -> %s: %s mn (%.1f%% fewer)\n", name.c_str(),
                year_text(s.years()[0]).c_str(), millions(s.poor()[0]).c_str(),
                year_text(s.years()[last]).c_str(), millions(s.poor()[last]).c_str(),
                100.0 * (1.0 - s.poor()[last] / s.poor()[0]));
  }
}

// The national trend under every model, fitted to the years before the declared zero.
void print_trends(const povstat::population_series<double>& national) {
  const auto before = national.slice(2010, 2019);
  const auto ranking = povstat::fit_best(before);
  std::printf("\nNational trend, fitted to 2010-2019, ranked by AICc (fit_best)\n\n");
  std::printf("%-10s %10s %10s %7s %10s %22s\n", "model", "AICc", "delta", "weight", "2020 (mn)",
              "95% prediction (mn)");
  for (const auto& r : ranking.ranked) {
    const auto p = r.fit.predict(2020, 0.95);
    std::printf("%-10s %10.5g %10.5g %7.3f %10s %10s .. %-9s\n", std::string(povstat::to_string(r.fit.model)).c_str(),
                r.aicc, r.delta_aicc, r.akaike_weight, millions(p.estimate).c_str(),
                millions(p.prediction.lower).c_str(), millions(p.prediction.upper).c_str());
  }
  for (const auto& s : ranking.skipped)
    std::printf("%-10s skipped: %s\n", std::string(povstat::to_string(s.model)).c_str(), s.reason.c_str());
  std::printf("(Straight-line models cross zero and go negative; counts of millions are far more\n"
              " variable than Poisson, hence its AICc: use quasi-Poisson for its intervals.)\n");
  const auto loglinear = povstat::fit_loglinear(before);
  const double rate = std::exp(loglinear.coef(1)) - 1;
  const double half = povstat::student_t_quantile(0.975, static_cast<double>(loglinear.df_residual)) * loglinear.se(1);
  std::printf("\nLog-linear pace 2010-2019: %.1f%% a year (95%% CI %.1f%% .. %.1f%%); reported 2020: 0.\n",
              100 * rate, 100 * (std::exp(loglinear.coef(1) - half) - 1), 100 * (std::exp(loglinear.coef(1) + half) - 1));
}

// Each region's constant annual rate of change from a quasi-Poisson fit (fit_all).
void print_regional_rates(const povstat::regional_cohort<double>& cohort) {
  const auto fits = povstat::fit_all(cohort, povstat::trend_model::poisson,
                                     {.variance = povstat::dispersion::quasi});
  std::printf("\nAnnual rate of change by region (quasi-Poisson, published years)\n\n");
  for (std::size_t r = 0; r < fits.size(); ++r) {
    const auto& fit = fits[r];
    if (fit.status == povstat::fit_status::insufficient_data) {
      std::printf("  %-8s too few published years (%zu)\n", cohort.region_names()[r].c_str(), fit.n);
      continue;
    }
    std::printf("  %-8s %zu years: %6.1f%% a year (se of the log slope %.3f)\n",
                cohort.region_names()[r].c_str(), fit.n, 100 * (std::exp(fit.coef(1)) - 1), fit.se(1));
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const fs::path data = argc > 1 ? fs::path(argv[1]) : fs::path(POVSTAT_EXAMPLE_DATA_DIR);
    const auto national = povstat::read_series_csv(data / "china_rural_poor.csv");
    const auto cohort = povstat::read_cohort_csv(data / "china_regions.csv");
    print_national(national, read_incidence(data / "china_rural_poverty_incidence.csv"));
    print_regions(cohort);
    print_trends(national);
    print_regional_rates(cohort);
    std::printf("\nSources: examples/data/README.md\n");
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "china_rural_poverty: %s\n", error.what());
    return 1;
  }
}
