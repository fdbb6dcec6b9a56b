// An integrity audit of reported poverty counts: every check of povstat's audit module on a
// SYNTHETIC county panel (examples/data/synthetic_county_panel.csv, made by
// make_synthetic_county_panel.py — not real data) whose manipulations are known: three counties
// that rounded their figures, two that reported a smooth curve, thirty that reported rates just
// under the 3 % exit line in 2019, and a prefecture whose total does not add up. The program
// prints the report, then what it found against what was planted
// (synthetic_county_panel_planted.csv).
//
// Usage: county_audit [data directory]   (default: the bundled examples/data)

#include <cstddef>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <povstat/povstat.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct planted {
  std::string region, kind, years, detail;
};

// region,kind,years,detail — no field holds a comma but the last.
std::vector<planted> read_planted(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::vector<planted> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> field;
    std::size_t start = 0;
    for (int k = 0; k < 3; ++k) {
      const std::size_t comma = line.find(',', start);
      if (comma == std::string::npos) throw std::runtime_error("malformed line in " + path.string() + ": " + line);
      field.push_back(line.substr(start, comma - start));
      start = comma + 1;
    }
    rows.push_back({field[0], field[1], field[2], line.substr(start)});
  }
  return rows;
}

// The checks that should catch each kind of planted manipulation.
bool catches(const std::string& kind, povstat::audit_test test) {
  using povstat::audit_test;
  if (kind == "heaping") return test == audit_test::heaping;
  if (kind == "smoothed") return test == audit_test::smooth_decline;
  if (kind == "parent_sum") return test == audit_test::hierarchy_poor;
  if (kind == "bunching") return test == audit_test::bunching_window || test == audit_test::bunching_density;
  return false;
}

}  // namespace

int main(int argc, char** argv) try {
  const fs::path dir = argc > 1 ? fs::path(argv[1]) : fs::path(POVSTAT_EXAMPLE_DATA_DIR);
  const auto cohort = povstat::read_cohort_csv(dir / "synthetic_county_panel.csv");
  const auto plants = read_planted(dir / "synthetic_county_panel_planted.csv");

  povstat::audit_options<double> options;
  options.exit_threshold = 0.03;        // counties left the poor list below 3 % (2 % in the east)
  options.anomalies.deadline = 2019.0;  // the last year of the panel; the window is 2017-2019
  const auto report = povstat::audit(cohort, options);
  const auto& s = report.summary;
  const auto names = cohort.region_names();

  std::printf("Integrity audit of a SYNTHETIC county panel (not real data)\n");
  std::printf("%zu regions, %g-%g, %zu reported counts; %zu tests adjusted together (Benjamini-Hochberg, "
              "false discovery rate %g%%)\n",
              s.regions, cohort.years().front(), cohort.years().back(), s.observed_cells, s.tests, 100 * s.fdr);
  std::printf("%zu findings in %zu regions\n\n", s.flags, s.regions_flagged);
  std::printf("%-22s %8s %8s\n", "check", "run", "flagged");
  for (const auto& c : s.by_test)
    std::printf("%-22s %8zu %8zu\n", std::string(povstat::to_string(c.test)).c_str(), c.run, c.flagged);

  std::printf("\nFindings\n");
  for (const auto& f : report.flags)
    std::printf("  [%s] %s\n", std::string(povstat::to_string(f.test)).c_str(), f.explanation.c_str());
  std::printf("\nNot run (%zu notes), e.g.:\n", s.not_run.size());
  for (std::size_t i = 0; i < s.not_run.size() && i < 3; ++i) std::printf("  %s\n", s.not_run[i].c_str());

  // Which checks named each region (directly, or as one of the regions just below the line).
  std::map<std::string, std::set<povstat::audit_test>> named;
  for (const auto& f : report.flags) {
    if (f.region) named[f.region_name].insert(f.test);
    for (const std::size_t r : f.related_regions)
      if (!f.region) named[names[r]].insert(f.test);
  }
  std::printf("\nFound against planted\n%-10s %-11s %-10s %-7s %s\n", "region", "planted", "years", "found", "by");
  std::map<std::string, std::pair<std::size_t, std::size_t>> by_kind;  // kind -> (planted, found)
  std::set<std::string> planted_regions;
  for (const auto& p : plants) {
    planted_regions.insert(p.region);
    std::string by;
    bool found = false;
    for (const auto test : named[p.region]) {
      by += (by.empty() ? "" : ", ") + std::string(povstat::to_string(test));
      found = found || catches(p.kind, test);
    }
    auto& k = by_kind[p.kind];
    ++k.first;
    if (found) ++k.second;
    std::printf("%-10s %-11s %-10s %-7s %s\n", p.region.c_str(), p.kind.c_str(), p.years.c_str(), found ? "yes" : "NO",
                by.empty() ? "-" : by.c_str());
  }
  std::size_t kinds_found = 0;
  std::string line;
  for (const auto& [kind, counts] : by_kind) {
    if (counts.second * 5 >= counts.first * 4) ++kinds_found;  // at least 80 % of its regions
    line += (line.empty() ? "" : ", ") + kind + " " + std::to_string(counts.second) + "/" + std::to_string(counts.first);
  }
  // Regions flagged without being planted: a prefecture whose sum contains planted counties
  // carries their manipulation; anything else is a false alarm.
  std::set<std::string> carriers;
  for (const auto& p : plants)
    if (const auto r = cohort.find(p.region); r && !cohort.parent(*r).empty()) carriers.insert(cohort.parent(*r));
  std::string carrying, unexplained;
  std::size_t n_carrying = 0, n_unexplained = 0;
  for (const std::size_t r : report.flagged_regions) {
    const std::string& name = names[r];
    if (planted_regions.count(name)) continue;
    std::string& list = carriers.count(name) ? carrying : unexplained;
    list += (list.empty() ? "" : ", ") + name;
    ++(carriers.count(name) ? n_carrying : n_unexplained);
  }
  std::printf("\nfound %zu of %zu planted manipulations (%s)\n", kinds_found, by_kind.size(), line.c_str());
  std::printf("other regions flagged: %zu whose sums contain planted counties%s%s; %zu unexplained%s%s\n", n_carrying,
              n_carrying ? " (" : "", n_carrying ? (carrying + ")").c_str() : "", n_unexplained, n_unexplained ? ": " : "",
              unexplained.c_str());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "county_audit: %s\n", e.what());
  return 1;
}
