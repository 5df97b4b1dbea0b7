#include "core/metrics.hpp"

#include <array>
#include <sstream>

namespace ytm {
namespace {

constexpr std::array default_bounds = {0.05, 0.1,  0.25,  0.5,   1.0,   2.5,    5.0,   10.0,
                                       30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0};

// The label's name is the part of the metric name after its last "_by_": polls_by_result → result.
std::pair<std::string, std::string> split_label(const std::string& name) {
  auto at = name.rfind("_by_");
  if (at == std::string::npos) return {name, ""};
  return {name.substr(0, at), name.substr(at + 4)};
}

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

}  // namespace

Metrics& metrics() {
  static Metrics registry;
  return registry;
}

void Metrics::count(const std::string& name, const std::string& label_value, double by) {
  counters_[name][label_value] += by;
}

void Metrics::observe(const std::string& name, double seconds) {
  auto& h = histograms_[name];
  if (h.bounds.empty()) {
    h.bounds.assign(default_bounds.begin(), default_bounds.end());
    h.buckets.assign(h.bounds.size(), 0);
  }
  for (std::size_t i = 0; i < h.bounds.size(); ++i) {
    if (seconds <= h.bounds[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render(const std::map<std::string, std::string>& help) const {
  std::ostringstream out;
  for (const auto& [name, values] : counters_) {
    auto [metric, label] = split_label(name);
    auto it = help.find(name);
    if (it != help.end()) out << "# HELP " << metric << " " << it->second << "\n";
    out << "# TYPE " << metric << " counter\n";
    for (const auto& [value, count] : values) {
      out << metric;
      if (!label.empty()) out << "{" << label << "=\"" << escape_label(value) << "\"}";
      out << " " << count << "\n";
    }
  }
  for (const auto& [name, h] : histograms_) {
    auto it = help.find(name);
    if (it != help.end()) out << "# HELP " << name << " " << it->second << "\n";
    out << "# TYPE " << name << " histogram\n";
    for (std::size_t i = 0; i < h.bounds.size(); ++i) {
      out << name << "_bucket{le=\"" << h.bounds[i] << "\"} " << h.buckets[i] << "\n";
    }
    out << name << "_bucket{le=\"+Inf\"} " << h.count << "\n";
    out << name << "_sum " << h.sum << "\n" << name << "_count " << h.count << "\n";
  }
  return out.str();
}

}  // namespace ytm
