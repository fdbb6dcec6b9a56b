// A tiny, dependency-free SVG line chart for the examples: axes with ticks, labels and grid
// lines, polylines, filled bands, points, markers, notes, a legend and a title. Data are given
// in data coordinates; lines and bands are clipped to the plot area; all text is XML-escaped.
// Not part of povstat: drawing is the examples' business.
#ifndef POVSTAT_EXAMPLES_SVG_CHART_HPP
#define POVSTAT_EXAMPLES_SVG_CHART_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace examples {

struct point {
  double x;
  double y;
};

/// An axis: its range in data units and its label.
struct axis {
  double lower;
  double upper;
  std::string label;
};

class svg_chart {
 public:
  svg_chart(std::string title, axis x, axis y, double width = 760, double height = 460)
      : title_(std::move(title)),
        x_(std::move(x)),
        y_(std::move(y)),
        width_(width),
        height_(height) {
    if (!(x_.upper > x_.lower && y_.upper > y_.lower))
      throw std::invalid_argument("svg_chart: an axis range is empty");
  }

  /// A filled band between two curves given at the same x values (e.g. an interval).
  void band(const std::vector<point>& lower, const std::vector<point>& upper,
            std::string_view colour, std::string_view label) {
    std::vector<point> outline(lower);
    outline.insert(outline.end(), upper.rbegin(), upper.rend());
    clipped_ += "<polygon points=\"" + path(outline) + "\" " + band_paint(colour) + "/>\n";
    legend_.push_back({kind::band, std::string(colour), std::string(label)});
  }

  /// A polyline through `points`, solid or dashed.
  void line(const std::vector<point>& points, std::string_view colour, std::string_view label,
            bool dashed = false) {
    clipped_ += "<polyline points=\"" + path(points) + "\" " + stroke(colour, dashed) + "/>\n";
    legend_.push_back(
        {dashed ? kind::dashed : kind::line, std::string(colour), std::string(label)});
  }

  /// Circles at `points`, filled or open.
  void points(const std::vector<point>& points, std::string_view colour, std::string_view label,
              bool filled = true) {
    for (const auto& p : points) overlay_ += circle(px(p.x), py(p.y), colour, filled);
    legend_.push_back({filled ? kind::dot : kind::ring, std::string(colour), std::string(label)});
  }

  /// An open diamond marking one point (e.g. a target).
  void marker(point at, std::string_view colour, std::string_view label) {
    overlay_ += diamond(px(at.x), py(at.y), 9, colour);
    legend_.push_back({kind::diamond, std::string(colour), std::string(label)});
  }

  /// A dotted vertical line across the plot at x, labelled at its foot.
  void vertical_rule(double x, std::string_view label) {
    clipped_ += segment(px(x), top_, px(x), bottom(), "stroke=\"#777\" stroke-dasharray=\"2 3\"");
    overlay_ += text(px(x) + 5, bottom() - 7, label, "start");
  }

  /// A note at a point in data coordinates, anchored "start", "middle" or "end".
  void note(point at, std::string_view label, std::string_view anchor = "start") {
    overlay_ += text(px(at.x), py(at.y), label, anchor);
  }

  /// The whole document.
  std::string svg() const {
    const std::string w = number(width_), h = number(height_);
    std::string out =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
        w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h +
        "\" font-family=\"sans-serif\" font-size=\"12\">\n"
        "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        "<clipPath id=\"plot-area\">" +
        rectangle(left_, top_, right() - left_, bottom() - top_, "") + "</clipPath>\n";
    for (const double t : ticks(x_)) {
      out += segment(px(t), top_, px(t), bottom() + 5, "stroke=\"#e4e4e4\"");
      out += text(px(t), bottom() + 19, tick_label(t), "middle");
    }
    for (const double t : ticks(y_)) {  // the grid line at 0 is darker
      out += segment(left_ - 5, py(t), right(), py(t),
                     t == 0 ? "stroke=\"#999\"" : "stroke=\"#e4e4e4\"");
      out += text(left_ - 9, py(t) + 4, tick_label(t), "end");
    }
    out +=
        rectangle(left_, top_, right() - left_, bottom() - top_, "fill=\"none\" stroke=\"#444\"");
    out += "<g clip-path=\"url(#plot-area)\">\n" + clipped_ + "</g>\n" + overlay_;
    out += text(left_, 26, title_, "start", "font-size=\"15\" font-weight=\"bold\"");
    out += text((left_ + right()) / 2, height_ - 12, x_.label, "middle");
    out += "<text transform=\"translate(16 " + number((top_ + bottom()) / 2) +
           ") rotate(-90)\" text-anchor=\"middle\">" + escape(y_.label) + "</text>\n";
    return out + legend() + "</svg>\n";
  }

  /// Writes `svg()` to `path`.
  void save(const std::string& path) const {
    std::ofstream file(path, std::ios::binary);
    file << svg();
    if (!file.flush()) throw std::runtime_error("cannot write " + path);
  }

 private:
  enum class kind { line, dashed, band, dot, ring, diamond };
  struct entry {
    kind shape;
    std::string colour;
    std::string label;
  };

  static std::string escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
      const char* entity = c == '&'    ? "&amp;"
                           : c == '<'  ? "&lt;"
                           : c == '>'  ? "&gt;"
                           : c == '"'  ? "&quot;"
                           : c == '\'' ? "&apos;"
                                       : nullptr;
      out += entity ? std::string_view(entity) : std::string_view(&c, 1);
    }
    return out;
  }
  static std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", v);
    return text;
  }
  static std::string tick_label(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", v == 0 ? 0.0 : v);  // never "-0"
    return text;
  }
  /// Round ticks (1, 2 or 5 times a power of ten) inside the axis range, about 6 of them.
  static std::vector<double> ticks(const axis& a) {
    const double raw = (a.upper - a.lower) / 6, power = std::pow(10, std::floor(std::log10(raw)));
    const double f = raw / power, step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * power;
    std::vector<double> out;
    for (double k = std::ceil(a.lower / step); k * step <= a.upper + 1e-9 * step; ++k)
      out.push_back(k * step);
    return out;
  }

  static std::string text(double x, double y, std::string_view label, std::string_view anchor,
                          std::string_view style = "fill=\"#222\"") {
    return "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\" text-anchor=\"" + escape(anchor) +
           "\" " + std::string(style) + ">" + escape(label) + "</text>\n";
  }
  static std::string segment(double x1, double y1, double x2, double y2, std::string_view style) {
    return "<line x1=\"" + number(x1) + "\" y1=\"" + number(y1) + "\" x2=\"" + number(x2) +
           "\" y2=\"" + number(y2) + "\" " + std::string(style) + "/>\n";
  }
  static std::string rectangle(double x, double y, double w, double h, std::string_view style) {
    return "<rect x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\"" + number(w) +
           "\" height=\"" + number(h) + "\" " + std::string(style) + "/>";
  }
  static std::string circle(double x, double y, std::string_view colour, bool filled) {
    const std::string paint =
        filled ? "fill=\"" + escape(colour) + "\""
               : "fill=\"white\" stroke=\"" + escape(colour) + "\" stroke-width=\"1.6\"";
    return "<circle cx=\"" + number(x) + "\" cy=\"" + number(y) + "\" r=\"4\" " + paint + "/>\n";
  }
  static std::string diamond(double x, double y, double r, std::string_view colour) {
    return "<polygon points=\"" + number(x) + "," + number(y - r) + " " + number(x + r) + "," +
           number(y) + " " + number(x) + "," + number(y + r) + " " + number(x - r) + "," +
           number(y) + "\" fill=\"none\" stroke=\"" + escape(colour) + "\" stroke-width=\"2\"/>\n";
  }
  static std::string stroke(std::string_view colour, bool dashed) {
    return "fill=\"none\" stroke=\"" + escape(colour) + "\" stroke-width=\"2\"" +
           (dashed ? " stroke-dasharray=\"7 4\"" : "");
  }
  static std::string band_paint(std::string_view colour) {
    return "fill=\"" + escape(colour) + "\" fill-opacity=\"0.22\" stroke=\"none\"";
  }

  double right() const { return width_ - 20; }
  double bottom() const { return height_ - 50; }
  double px(double x) const {
    return left_ + (x - x_.lower) / (x_.upper - x_.lower) * (right() - left_);
  }
  double py(double y) const {
    return bottom() - (y - y_.lower) / (y_.upper - y_.lower) * (bottom() - top_);
  }
  std::string path(const std::vector<point>& points) const {
    std::string out;
    for (const auto& p : points)
      out += (out.empty() ? "" : " ") + number(px(p.x)) + "," + number(py(p.y));
    return out;
  }

  /// The legend, top right inside the plot area (its width estimated from the labels).
  std::string legend() const {
    if (legend_.empty()) return "";
    std::size_t longest = 0;
    for (const auto& e : legend_) longest = std::max(longest, e.label.size());
    const double w = 44 + 6.6 * static_cast<double>(longest);
    const double x = right() - w - 10, y = top_ + 10;
    std::string out = rectangle(x, y, w, 8 + 18 * static_cast<double>(legend_.size()),
                                "fill=\"white\" fill-opacity=\"0.92\" stroke=\"#bbb\"") +
                      "\n";
    for (std::size_t i = 0; i < legend_.size(); ++i) {
      const auto& e = legend_[i];
      const double cy = y + 13 + 18 * static_cast<double>(i), cx = x + 20;
      if (e.shape == kind::line || e.shape == kind::dashed)
        out += "<polyline points=\"" + number(cx - 12) + "," + number(cy) + " " + number(cx + 12) +
               "," + number(cy) + "\" " + stroke(e.colour, e.shape == kind::dashed) + "/>\n";
      else if (e.shape == kind::band)
        out += rectangle(cx - 12, cy - 6, 24, 12, band_paint(e.colour)) + "\n";
      else if (e.shape == kind::diamond)
        out += diamond(cx, cy, 6, e.colour);
      else
        out += circle(cx, cy, e.colour, e.shape == kind::dot);
      out += text(cx + 20, cy + 4, e.label, "start");
    }
    return out;
  }

  std::string title_;
  axis x_, y_;
  double width_, height_;
  double left_ = 64, top_ = 40;
  std::string clipped_, overlay_;  // clipped to the plot area / drawn over it
  std::vector<entry> legend_;
};

}  // namespace examples

#endif  // POVSTAT_EXAMPLES_SVG_CHART_HPP
