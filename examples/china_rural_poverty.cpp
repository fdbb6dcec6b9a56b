// China's rural poor, 2010-2020, and the goal "no rural poor by 2020", set at the end of
// 2015 (CPC Central Committee and State Council, Decision on Winning the Battle Against
// Poverty, November 2015). The national series and the regional panel first; then the goal
// as it looked (a) at the end of 2015, (b) at the end of 2018 and 2019 — fit_best's ranking,
// required against observed pace, the projection for 2020, the probability of zero, the year
// of zero with its interval, and two published progress classes; (c) what happened; (d) each
// region's gap and who reaches zero last; (e) a chart of the 2015 view (SVG).
//
// Usage: china_rural_poverty [data directory] [--svg PATH]
//   data directory  default: the bundled examples/data
//   --svg PATH      where the chart goes; default: china_rural_poverty.svg in the current directory

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <povstat/povstat.hpp>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "progress_bar.hpp"
#include "svg_chart.hpp"

namespace fs = std::filesystem;

namespace {

constexpr double goal_year = 2020;
const povstat::target<double> goal{.year = goal_year, .level = 0};  // no rural poor by 2020

// ---- formatting -------------------------------------------------------------------------

// Display columns of UTF-8 text (the dash "—" is one column but three bytes).
std::size_t columns(std::string_view text) {
  return static_cast<std::size_t>(
      std::ranges::count_if(text, [](char c) { return (c & 0xC0) != 0x80; }));
}

// Pads to `width` display columns, on the left (right-aligned) or on the right.
std::string cell(const std::string& text, std::size_t width, bool left = false) {
  const std::string pad(width > columns(text) ? width - columns(text) : 0, ' ');
  return left ? text + pad : pad + text;
}

// `decimals` digits; "—" for NaN, "+inf"/"-inf" for infinities.
std::string fixed(double v, int decimals) {
  if (std::isnan(v)) return "—";
  if (std::isinf(v)) return v > 0 ? "+inf" : "-inf";
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, v);
  return text;
}

std::string year_text(double year) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", year);
  return text;
}

std::string millions(double persons) { return fixed(persons / 1e6, 2); }
std::string percent(double rate) { return fixed(100 * rate, 1); }

std::string probability(double p) {
  if (p < 0.0005) return "<0.001";
  if (p > 0.9995) return ">0.999";
  return fixed(p, 3);
}

// "2012, 2016-2019": a region's published years.
std::string year_list(std::span<const double> years) {
  std::string out;
  for (std::size_t i = 0; i < years.size();) {
    std::size_t j = i;
    while (j + 1 < years.size() && years[j + 1] == years[j] + 1) ++j;
    out +=
        (out.empty() ? "" : ", ") + year_text(years[i]) + (j > i ? "-" + year_text(years[j]) : "");
    i = j + 1;
  }
  return out;
}

// An interval of years (or of millions) read with its shape.
std::string interval_text(double lower, double upper, povstat::interval_shape shape,
                          int decimals = 1) {
  using povstat::interval_shape;
  switch (shape) {
    case interval_shape::none:
      return "—";
    case interval_shape::two_rays:
      return "<= " + fixed(lower, decimals) + " or >= " + fixed(upper, decimals);
    default:
      return fixed(lower, decimals) + " .. " + fixed(upper, decimals);
  }
}

// When a trend reaches zero, in one cell.
std::string zero_text(const povstat::crossing<double>& c) {
  using povstat::crossing_status;
  switch (c.status) {
    case crossing_status::reached_in_future:
      return fixed(c.year, 1);
    case crossing_status::already_reached:
      return std::isnan(c.year) ? "always" : fixed(c.year, 1) + " (passed)";
    case crossing_status::not_reached:
      return "never";
    case crossing_status::beyond_horizon:
      return fixed(c.year, 1) + " (beyond horizon)";
  }
  return "—";
}

std::string name_of(povstat::trend_model model) { return std::string(povstat::to_string(model)); }

// A text table: columns as wide as their widest cell; the first `left_columns` columns are
// left-aligned, the others right-aligned.
class text_table {
 public:
  explicit text_table(std::vector<std::string> headings, std::size_t left_columns = 1)
      : rows_{std::move(headings)}, left_(left_columns) {}

  void add(std::vector<std::string> row) {
    row.resize(rows_.front().size());
    rows_.push_back(std::move(row));
  }

  void print(std::size_t indent = 2) const {
    std::vector<std::size_t> width(rows_.front().size(), 0);
    for (const auto& row : rows_)
      for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], columns(row[c]));
    for (const auto& row : rows_) {
      std::string line(indent, ' ');
      for (std::size_t c = 0; c < row.size(); ++c)
        line += (c ? "  " : "") + cell(row[c], width[c], c < left_);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      std::printf("%s\n", line.c_str());
    }
  }

 private:
  std::vector<std::vector<std::string>> rows_;
  std::size_t left_;
};

void heading(const std::string& title) {
  std::printf("\n\n%s\n%s\n", title.c_str(), std::string(columns(title), '=').c_str());
}

// Prints `text` word-wrapped to `width` columns, the first line after `first`, the others
// after `rest` (e.g. "- " and "  " for a bullet).
void paragraph(std::string_view text, std::string_view first = "", std::string_view rest = "",
               std::size_t width = 94) {
  std::string line(first);
  std::size_t used = columns(first);
  bool empty = true;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find(' '), text.size());
    const std::string_view word = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (word.empty()) continue;
    if (!empty && used + 1 + columns(word) > width) {
      std::printf("%s\n", line.c_str());
      line = rest;
      used = columns(rest);
      empty = true;
    }
    line += (empty ? "" : " ") + std::string(word);
    used += (empty ? 0 : 1) + columns(word);
    empty = false;
  }
  std::printf("%s\n", line.c_str());
}

// ---- the data as published ----------------------------------------------------------------

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

void print_national(const povstat::population_series<double>& national,
                    const std::map<double, double>& incidence) {
  std::printf("China, rural poor under the 2010 poverty line (year-end; NBS)\n\n");
  std::printf("%s%s%s%s%s\n", cell("year", 6).c_str(), cell("poor (mn)", 12).c_str(),
              cell("change (mn)", 13).c_str(), cell("change (%)", 12).c_str(),
              cell("incidence (%)", 15).c_str());
  const auto years = national.years();
  const auto poor = national.poor();
  for (std::size_t i = 0; i < national.size(); ++i) {
    std::string change = "—", percent_change = "—", rate = "—";
    if (i > 0 && years[i] - years[i - 1] == 1) {
      change = millions(poor[i] - poor[i - 1]);
      percent_change = fixed(100.0 * (poor[i] - poor[i - 1]) / poor[i - 1], 1);
    }
    if (const auto it = incidence.find(years[i]); it != incidence.end())
      rate = fixed(it->second, 1);
    std::printf("%s%s%s%s%s\n", cell(year_text(years[i]), 6).c_str(),
                cell(millions(poor[i]), 12).c_str(), cell(change, 13).c_str(),
                cell(percent_change, 12).c_str(), cell(rate, 15).c_str());
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
      any_region =
          any_region || !std::isnan(poor(static_cast<Eigen::Index>(cohort.index(name)), col));
    if (!any_region) continue;
    std::printf("%s", cell(year_text(cohort.years()[y]), 6).c_str());
    for (const auto& name : regions)
      std::printf(
          "%s",
          cell(millions(poor(static_cast<Eigen::Index>(cohort.index(name)), col)), 10).c_str());
    const double sum = rebuilt.poor()(static_cast<Eigen::Index>(nation), col);
    const double reported = poor(static_cast<Eigen::Index>(nation), col);
    std::printf("%s%s%s\n", cell(millions(sum), 10).c_str(), cell(millions(reported), 10).c_str(),
                cell(millions(sum - reported), 12).c_str());
  }
}

// ---- (a), (b): standing at the end of a year ----------------------------------------------

// One model's view of the goal.
struct reading {
  std::string name;  // e.g. "loglinear (best)"
  povstat::trend_fit<double> fit;
  povstat::target_gap_result<double> gap;
};

// What could be known at the end of `year`.
struct standpoint {
  double year;
  povstat::population_series<double> series;  // first year .. year
  povstat::model_ranking<double> ranking;
  std::vector<std::optional<povstat::crossing<double>>> zeros;  // years_to_zero of each ranked fit
  std::vector<std::string> notes;                               // why a ranked fit has no zero year
  std::vector<reading> readings;  // fit_best's choice, log-linear, quasi-Poisson
  std::vector<std::string> unassessed;
};

standpoint stand_at(const povstat::population_series<double>& national, double year) {
  auto series = national.slice(national.years().front(), year);
  auto ranking = povstat::fit_best(series);
  standpoint out{year, std::move(series), std::move(ranking), {}, {}, {}, {}};
  for (const auto& r : out.ranking.ranked) {
    try {
      out.zeros.emplace_back(povstat::years_to_zero(r.fit));
    } catch (const std::invalid_argument& error) {
      out.zeros.emplace_back(std::nullopt);
      out.notes.push_back(name_of(r.fit.model) + ": no zero year: " + error.what());
    }
  }
  const auto assess = [&](std::string name, povstat::trend_fit<double> fit) {
    try {
      auto gap = povstat::target_gap(out.series, fit, goal);
      out.readings.push_back({std::move(name), std::move(fit), std::move(gap)});
    } catch (const std::invalid_argument& error) {
      out.unassessed.push_back(name + ": " + error.what());
    }
  };
  const auto& best = out.ranking.best();
  assess(name_of(best.model) + " (best)", best);
  // The constant-rate readings: log-linear (Gaussian on log counts) and quasi-Poisson (a
  // count model whose variance is estimated, not assumed: Poisson's is far too small here).
  if (best.model != povstat::trend_model::loglinear)
    assess("loglinear", povstat::fit_loglinear(out.series));
  assess("quasi-Poisson",
         povstat::fit_poisson(out.series, {.variance = povstat::dispersion::quasi}));
  return out;
}

void print_ranking(const standpoint& s) {
  std::printf("fit_best, ranked by AICc; each model's 2020 value and zero year:\n");
  text_table table({"model", "AICc", "delta", "weight", "2020 (mn)", "zero reached"});
  for (std::size_t i = 0; i < s.ranking.ranked.size(); ++i) {
    const auto& r = s.ranking.ranked[i];
    table.add({name_of(r.fit.model), fixed(r.aicc, 1), fixed(r.delta_aicc, 1),
               fixed(r.akaike_weight, 3), millions(r.fit.mean(goal_year)),
               s.zeros[i] ? zero_text(*s.zeros[i]) : "—"});
  }
  table.print();
  for (const auto& skipped : s.ranking.skipped)
    paragraph(name_of(skipped.model) + " skipped: " + skipped.reason, "  ", "    ");
  for (const auto& note : s.notes) paragraph(note, "  ", "    ");
}

void print_standpoint(const standpoint& s) {
  const auto years = s.series.years();
  const double last = s.series.poor().back();
  const std::string span = year_text(years.front()) + "-" + year_text(s.year);
  const double to_go = goal_year - s.year;
  std::printf(
      "Known then: %s (%zu years); %s mn rural poor at the end of %s; %s year%s to the goal.\n\n",
      span.c_str(), s.series.size(), millions(last).c_str(), year_text(s.year).c_str(),
      year_text(to_go).c_str(), to_go == 1 ? "" : "s");
  print_ranking(s);

  std::printf("\nThe 2020 goal against each reading (rates in %% a year; counts in million):\n");
  std::vector<std::string> headings{""};
  for (const auto& r : s.readings) headings.push_back(r.name);
  text_table table(headings);
  const auto row = [&](std::string label, const auto& value) {
    std::vector<std::string> cells{std::move(label)};
    for (const auto& r : s.readings) cells.push_back(value(r.gap));
    table.add(std::move(cells));
  };
  using gap_t = povstat::target_gap_result<double>;
  row("observed rate, CAGR " + span,
      [](const gap_t& g) { return g.series_cagr ? percent(*g.series_cagr) : "—"; });
  row("fitted trend rate", [](const gap_t& g) { return percent(g.trend_rate); });
  row("required rate to zero by 2020", [](const gap_t& g) { return percent(g.required_rate); });
  row("rate ratio, observed/required", [](const gap_t& g) { return fixed(g.rate_ratio, 2); });
  row("Eurostat class", [](const gap_t& g) { return std::string(povstat::to_string(g.eurostat)); });
  row("projected 2020", [](const gap_t& g) { return millions(g.projection.estimate); });
  row("95 % prediction interval", [](const gap_t& g) {
    return millions(g.projection.prediction.lower) + " .. " +
           millions(g.projection.prediction.upper);
  });
  row("UN ratio, projected/required", [](const gap_t& g) { return fixed(g.un_ratio, 2); });
  row("UN class", [](const gap_t& g) { return std::string(povstat::to_string(g.un)); });
  row("P(no poor in 2020)", [](const gap_t& g) { return probability(g.probability); });
  row("  computed by", [](const gap_t& g) {
    return g.simulations ? "simulation (" + std::to_string(g.simulations) + ")"
                         : std::string("Student t");
  });
  row("zero reached (year)", [](const gap_t& g) { return zero_text(g.years_to_target); });
  row("  95 % interval", [](const gap_t& g) {
    const auto& c = g.years_to_target;
    return interval_text(c.lower, c.upper, c.shape);
  });
  row("  interval shape",
      [](const gap_t& g) { return std::string(povstat::to_string(g.years_to_target.shape)); });
  row("  interval method",
      [](const gap_t& g) { return std::string(povstat::to_string(g.years_to_target.method)); });
  row("  'zero' is a count below", [](const gap_t& g) {
    return g.years_to_target.level > 0 ? fixed(g.years_to_target.level, 1) + " persons"
                                       : std::string("0 (the line's root)");
  });
  table.print();
  for (const auto& u : s.unassessed) paragraph("not assessed: " + u, "  ", "    ");

  // The same goal in persons a year: the pace a straight line would need.
  const auto changes = povstat::annual_changes(s.series);
  const double fallen = s.series.poor().front() - last;
  std::printf("\n");
  paragraph("In persons: " + millions(povstat::required_annual_reduction(last, goal.level, to_go)) +
            " mn fewer a year would do (required_annual_reduction); the count fell by " +
            millions(fallen / (years.back() - years.front())) + " mn a year on average over " +
            span + ", and by " + millions(-changes.back().absolute) + " mn in " +
            year_text(s.year) + ".");
}

// ---- (c): what happened -------------------------------------------------------------------

// The earliest and latest zero years, as "2017-2019", of the readings `pick` selects.
template <class Pick>
std::string zero_span(const std::vector<standpoint>& standpoints, const Pick& pick) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& s : standpoints)
    for (std::size_t i = 0; i < s.ranking.ranked.size(); ++i)
      if (s.zeros[i] && std::isfinite(s.zeros[i]->year) && pick(s.ranking.ranked[i].fit.model)) {
        lo = std::min(lo, s.zeros[i]->year);
        hi = std::max(hi, s.zeros[i]->year);
      }
  if (!std::isfinite(lo)) return "—";
  return year_text(std::floor(lo)) +
         (std::floor(hi) > std::floor(lo) ? "-" + year_text(std::floor(hi)) : "");
}

void print_outcome(const povstat::population_series<double>& national,
                   const std::vector<standpoint>& standpoints) {
  const std::optional<double> reported = national.value_at(goal_year);
  if (!reported) {
    std::printf("The data hold no figure for %s.\n", year_text(goal_year).c_str());
    return;
  }
  std::printf("Reported for %s: %s mn. What each standpoint said of %s:\n\n",
              year_text(goal_year).c_str(), millions(*reported).c_str(),
              year_text(goal_year).c_str());
  text_table table({"standpoint", "reading", "projected", "95 % prediction", "covers it?",
                    "P(zero)", "zero reached"},
                   2);
  for (const auto& s : standpoints)
    for (const auto& r : s.readings) {
      const auto& p = r.gap.projection.prediction;
      const std::string covers = *reported < p.lower   ? "no, above"
                                 : *reported > p.upper ? "no, below"
                                                       : "yes";
      table.add({"end of " + year_text(s.year), r.name, millions(r.gap.projection.estimate),
                 millions(p.lower) + " .. " + millions(p.upper), covers,
                 probability(r.gap.probability), zero_text(r.gap.years_to_target)});
    }
  table.print();

  // The pace, absolute and relative, after the goal was set.
  const double set = standpoints.front().year;
  const auto after = national.slice(set, goal_year);
  std::string absolute, relative;
  for (const auto& c : povstat::annual_changes(after)) {
    absolute += (absolute.empty() ? "" : ", ") + millions(-c.absolute);
    relative += (relative.empty() ? "" : ", ") + percent(c.rate);
  }
  std::printf("\n");
  paragraph("After " + year_text(set) + " the count fell by " + absolute + " mn a year (" +
            year_list(after.years().subspan(1)) +
            "): in persons the pace held until no one was left to count; in relative terms it "
            "rose every year (" +
            relative + " % a year).");
  try {
    povstat::cagr(national, set, goal_year);
  } catch (const std::invalid_argument& error) {
    paragraph("No constant rate reaches zero. cagr(" + year_text(set) + ", " +
                  year_text(goal_year) + "): " + error.what(),
              "", "  ");
  }
  const auto constant_rate = [](povstat::trend_model m) {
    return m == povstat::trend_model::loglinear || m == povstat::trend_model::poisson;
  };
  const auto straight = [](povstat::trend_model m) {
    return m == povstat::trend_model::linear || m == povstat::trend_model::segmented;
  };
  std::string preferred;
  for (const auto& s : standpoints)
    if (straight(s.ranking.best().model))
      preferred += (preferred.empty() ? "" : ", ") + year_text(s.year);
  if (!preferred.empty()) preferred = " (fit_best's choice at the end of " + preferred + ")";
  std::printf("\n");
  paragraph(
      "So the readings split by what they carry forward. Constant-rate trends (log-linear, "
      "Poisson) carry the relative pace and put zero in " +
      zero_span(standpoints, constant_rate) +
      ", from every standpoint: the goal looked out of reach. Straight lines (linear, "
      "segmented) carry the absolute pace and put zero in " +
      zero_span(standpoints, straight) + ", early rather than late" + preferred +
      "; but a line does not stop at zero, so their intervals for the " + year_text(goal_year) +
      " count lie below it. Neither form describes how the goal was met: a roughly constant "
      "fall in persons that stopped at zero.");
}

// ---- (d): the regions ---------------------------------------------------------------------

// The children of `parent` alone, over the years in which any of them was published: the
// regions whose gaps and "last to reach" the story is about (the national row is their sum,
// and target_gaps would only give it a reason: its data run to the goal year itself).
povstat::regional_cohort<double> children_of(const povstat::regional_cohort<double>& cohort,
                                             const std::string& parent) {
  povstat::cohort_data<double> data{.regions = cohort.children(parent), .years = {}, .poor = {}};
  std::vector<Eigen::Index> rows, cols;
  for (const auto& name : data.regions)
    rows.push_back(static_cast<Eigen::Index>(cohort.index(name)));
  for (Eigen::Index y = 0; y < cohort.poor().cols(); ++y)
    if (std::ranges::any_of(rows,
                            [&](Eigen::Index r) { return !std::isnan(cohort.poor()(r, y)); })) {
      cols.push_back(y);
      data.years.push_back(cohort.years()[static_cast<std::size_t>(y)]);
    }
  data.poor = cohort.poor()(rows, cols);
  return povstat::regional_cohort<double>(std::move(data));
}

// "limited progress for every region", or each region's value.
template <class Value>
std::string same_for_all(const std::vector<povstat::region_target_gap<double>>& rows,
                         const Value& value) {
  std::string first, each;
  bool same = true;
  for (const auto& row : rows) {
    if (!row.result) continue;
    const std::string v = value(*row.result);
    if (first.empty()) first = v;
    same = same && v == first;
    each += (each.empty() ? "" : ", ") + row.region + " " + v;
  }
  return same ? first + " for every region" : each;
}

void print_regional_targets(const povstat::regional_cohort<double>& cohort) {
  const auto regions = children_of(cohort, "China");
  const povstat::target_gap_options<double> gap_options{};
  const auto rows = povstat::target_gaps(regions, povstat::trend_model::loglinear, goal,
                                         {.gap = gap_options, .order = povstat::region_order::gap});
  const auto quasi =
      povstat::target_gaps(regions, povstat::trend_model::poisson, goal,
                           {.fit = {.variance = povstat::dispersion::quasi}, .gap = gap_options});

  paragraph(
      "Model: log-linear, a constant rate of decline (fit_best's choice for the nation at the end "
      "of 2015). Why:");
  paragraph(
      "4 published years (5 for the West) carry no more than 2 coefficients: segmented (4 and "
      "more), logistic and Gompertz (3) cannot be told apart on them, and fit_best cannot even "
      "rank them (AICc needs n > k + 1, sigma counted in k).",
      "- ", "  ");
  std::string example;
  for (const auto& row : quasi)
    if (example.empty() && row.result && row.result->projection.prediction.lower <= 0)
      example = " (for the " + row.region + ": " +
                millions(row.result->projection.prediction.lower) + " .. " +
                millions(row.result->projection.prediction.upper) + " mn, with P(zero) " +
                probability(row.result->probability) + ")";
  paragraph(
      "Its prediction interval and its probability of zero come from one Student t "
      "distribution. Quasi-Poisson, the other 2-coefficient model, pairs a normal-approximation "
      "interval cut at 0 with a simulated probability, and on these data the two disagree" +
          example + ".",
      "- ", "  ");

  std::printf("\nGap to zero by %s, largest gap first (counts in million, rates in %% a year):\n",
              year_text(goal_year).c_str());
  text_table table({"region", "published", "last", "CAGR", year_text(goal_year), "95 % prediction",
                    "P(zero)", "UN class"},
                   2);
  for (const auto& row : rows) {
    if (!row.result) {
      table.add({row.region, row.fit ? year_list(row.fit->years) : "—", "—", "—", "—", "—", "—", row.reason});
      continue;
    }
    const auto& g = *row.result;
    table.add(
        {row.region, year_list(row.fit->years), millions(g.last_observed),
         g.series_cagr ? percent(*g.series_cagr) : "—", millions(g.projection.estimate),
         millions(g.projection.prediction.lower) + " .. " + millions(g.projection.prediction.upper),
         probability(g.probability), std::string(povstat::to_string(g.un))});
  }
  table.print();
  paragraph(
      "Required rate: " +
          same_for_all(rows, [](const auto& g) { return percent(g.required_rate) + " % a year"; }) +
          " (to below 0.5 persons within a year); Eurostat class: " +
          same_for_all(rows,
                       [](const auto& g) { return std::string(povstat::to_string(g.eurostat)); }) +
          ".",
      "  ", "  ");

  // Who is last: the maximum of the regions' zero years, by joint simulation, under the
  // constant-rate reading and, for contrast, under straight lines (constant persons a year).
  const auto names = regions.region_names();
  // A bar on stderr when a simulation runs longer than a second (standard output is unchanged).
  const auto by_rate = povstat::last_to_reach(povstat::fit_all(regions, povstat::trend_model::loglinear), names,
                                              0.0, {.progress = example::progress_bar("last to reach, log-linear")});
  const auto by_line = povstat::last_to_reach(povstat::fit_all(regions, povstat::trend_model::linear), names,
                                              0.0, {.progress = example::progress_bar("last to reach, straight lines")});
  std::printf("\nWho reaches zero last (last_to_reach, %zu joint draws)? Zero years:\n",
              by_rate.simulations);
  text_table last({"region", "log-linear", "95 % interval", "P(last)", "straight line",
                   "95 % interval", "P(last)"});
  for (const auto& r : by_rate.regions) {
    const auto other =
        std::ranges::find(by_line.regions, r.region, &povstat::region_crossing<double>::region);
    std::vector<std::string> cells{r.region, zero_text(r.reach),
                                   interval_text(r.reach.lower, r.reach.upper, r.reach.shape),
                                   fixed(r.probability_last, 3)};
    if (other != by_line.regions.end())
      cells.insert(cells.end(),
                   {zero_text(other->reach),
                    interval_text(other->reach.lower, other->reach.upper, other->reach.shape),
                    fixed(other->probability_last, 3)});
    last.add(std::move(cells));
  }
  last.add({"all regions", fixed(by_rate.all_reached_year, 1),
            interval_text(by_rate.lower, by_rate.upper, by_rate.shape), "",
            fixed(by_line.all_reached_year, 1),
            interval_text(by_line.lower, by_line.upper, by_line.shape), ""});
  last.print();
  for (const auto* result : {&by_rate, &by_line})
    for (const auto& e : result->excluded)
      paragraph("excluded: " + e.region + ": " + e.reason, "  ", "    ");
  const auto last_of = [](const povstat::last_to_reach_result<double>& result) {
    const auto& r = result.regions.front();
    return r.region + " (probability " + fixed(r.probability_last, 2) + ")";
  };
  std::printf("\n");
  paragraph("Last to reach zero: the " + last_of(by_rate) + " at a constant rate, all regions by " +
            fixed(by_rate.all_reached_year, 1) + " (" +
            interval_text(by_rate.lower, by_rate.upper, by_rate.shape) + "); the " +
            last_of(by_line) + " on straight lines, all by " + fixed(by_line.all_reached_year, 1) +
            " (" + interval_text(by_line.lower, by_line.upper, by_line.shape) +
            "). \"No one left behind\" is a statement about this maximum, not about the "
            "average region.");

  // The limits, with the numbers behind them.
  std::printf("\nLimits:\n");
  paragraph(
      "4 points leave 2 degrees of freedom (the West's 5 leave 3), so Student t's 97.5 % "
      "point is " +
          fixed(povstat::student_t_quantile(0.975, 2.0), 2) + " (" +
          fixed(povstat::student_t_quantile(0.975, 3.0), 2) +
          "), not 1.96: hence the wide intervals; and no curvature can be tested.",
      "- ", "  ");
  const auto west = regions.series("West");
  const double split = 2016;
  if (west.value_at(split) && west.years().front() < split &&
      west.slice(split, west.years().back()).size() >= 3) {
    const auto recent = west.slice(split, west.years().back());
    const auto zero = povstat::years_to_zero(povstat::fit_loglinear(recent));
    paragraph(
        "The West's constant rate mixes " + year_text(west.years().front()) + "-" +
            year_text(split) + " (" + percent(povstat::cagr(west, west.years().front(), split)) +
            " % a year) with " + year_list(recent.years()) + " (" +
            percent(povstat::cagr(recent, split, recent.years().back())) +
            " % a year); fitted to " + year_list(recent.years()) + " alone, its zero moves to " +
            zero_text(zero) + " (" + interval_text(zero.lower, zero.upper, zero.shape) + ").",
        "- ", "  ");
  }
  paragraph(
      "The regions are fitted separately, so the joint draws treat them as independent, "
      "though one national campaign drove all three.",
      "- ", "  ");
  paragraph(
      "The national lesson holds: the constant rate puts zero decades away, the straight line "
      "within months; the nation reported 0 for 2020, so 0 in every region (implied: regional "
      "figures for 2020 were not published).",
      "- ", "  ");
}

// ---- (e): the chart -----------------------------------------------------------------------

void write_chart(const povstat::population_series<double>& national,
                 const std::vector<standpoint>& standpoints, const fs::path& path) {
  const standpoint& first = standpoints.front();
  const auto& view = first.readings.front();  // fit_best's choice at the end of 2015
  const double start = national.years().front();
  examples::svg_chart chart(
      "China's rural poor and the 2020 goal, seen from the end of " + year_text(first.year),
      {start - 0.5, goal_year + 0.5, "year (counts at year end)"},
      {-10, 180, "rural poor (million)"});
  std::vector<examples::point> trend, lower, upper;
  for (double t = start; t <= goal_year + 1e-9; t += 0.1) {
    const auto p = view.fit.predict(t, 0.95);
    trend.push_back({t, p.estimate / 1e6});
    lower.push_back({t, p.prediction.lower / 1e6});
    upper.push_back({t, p.prediction.upper / 1e6});
  }
  chart.band(lower, upper, "#1f77b4", year_text(first.year) + " view: 95 % prediction band");
  chart.line(trend, "#1f77b4",
             year_text(first.year) + " view: " + view.name + ", fitted to " + year_text(start) +
                 "-" + year_text(first.year));
  if (standpoints.size() > 1) {  // a later standpoint's best model, to compare
    const standpoint& later = standpoints[1];
    std::vector<examples::point> line;
    for (double t = start; t <= goal_year + 1e-9; t += 0.1)
      line.push_back({t, later.readings.front().fit.mean(t) / 1e6});
    chart.line(line, "#ff7f0e", year_text(later.year) + " view: " + later.readings.front().name,
               true);
  }
  chart.vertical_rule(first.year, "end of " + year_text(first.year) + ": goal set");

  std::vector<examples::point> known, later_points, final_points;
  for (std::size_t i = 0; i < national.size(); ++i) {
    const double t = national.years()[i], y = national.poor()[i] / 1e6;
    (t <= first.year ? known : t < goal_year ? later_points : final_points).push_back({t, y});
  }
  chart.points(known, "#222222", "observed, known at the end of " + year_text(first.year));
  chart.points(later_points, "#222222", "observed later", false);
  chart.marker({goal_year, goal.level}, "#d62728",
               "goal: no rural poor by " + year_text(goal_year));
  if (!final_points.empty())
    chart.points(final_points, "#2ca02c", "reported " + year_text(goal_year) + ": 0");
  const auto& projection = view.gap.projection;
  chart.note({goal_year + 0.4, projection.prediction.upper / 1e6 + 20},
             "seen from " + year_text(first.year) + ": " + fixed(projection.estimate / 1e6, 1) +
                 " mn in " + year_text(goal_year),
             "end");
  chart.save(path.string());
}

// ---- main ---------------------------------------------------------------------------------

struct arguments {
  fs::path data = POVSTAT_EXAMPLE_DATA_DIR;
  fs::path svg = "china_rural_poverty.svg";
};

arguments parse(int argc, char** argv) {
  arguments out;
  bool have_data = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--svg") {
      if (i + 1 == argc) throw std::invalid_argument("--svg needs a path");
      out.svg = argv[++i];
    } else if (arg.starts_with("-") || have_data) {
      throw std::invalid_argument("unexpected argument '" + std::string(arg) + "'");
    } else {
      out.data = arg;
      have_data = true;
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  arguments args;
  try {
    args = parse(argc, argv);
  } catch (const std::invalid_argument& error) {
    std::fprintf(
        stderr,
        "china_rural_poverty: %s\nusage: china_rural_poverty [data directory] [--svg PATH]\n",
        error.what());
    return 2;
  }
  try {
    const auto national = povstat::read_series_csv(args.data / "china_rural_poor.csv");
    const auto cohort = povstat::read_cohort_csv(args.data / "china_regions.csv");
    print_national(national, read_incidence(args.data / "china_rural_poverty_incidence.csv"));
    print_regions(cohort);

    std::vector<standpoint> standpoints;
    for (const double year : {2015.0, 2018.0, 2019.0})
      standpoints.push_back(stand_at(national, year));
    heading("(a) Standing at the end of 2015, when the goal \"no rural poor by 2020\" was set");
    print_standpoint(standpoints[0]);
    std::printf("\n");
    paragraph(
        "Reading the tables: years are year ends (2019.3 is about four months after the "
        "end-2019 count). A log-scale trend never reaches 0, so its 'zero' is the year the "
        "expected count falls below 0.5 persons, and the rate required to get there is close to "
        "-100 % a year: for an elimination goal the Eurostat ratio is little more than the "
        "observed rate. P(no poor in 2020) is the model's probability that the 2020 count is "
        "below 0.5; for a straight line on counts, negative counts included.");
    for (std::size_t i = 1; i < standpoints.size(); ++i) {
      heading("(b) Standing at the end of " + year_text(standpoints[i].year));
      print_standpoint(standpoints[i]);
    }
    heading("(c) What happened");
    print_outcome(national, standpoints);
    heading("(d) The regions: East, Central and West against the 2020 goal");
    print_regional_targets(cohort);
    heading("(e) Chart");
    write_chart(national, standpoints, args.svg);
    paragraph("Observed counts, the " + year_text(standpoints[0].year) +
              " view with its 95 % prediction band, the " + year_text(standpoints[1].year) +
              " view, the goal and the " + year_text(goal_year) + " count: written to " +
              fs::absolute(args.svg).lexically_normal().string());
    std::printf("\nSources: examples/data/README.md\n");
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "china_rural_poverty: %s\n", error.what());
    return 1;
  }
}
