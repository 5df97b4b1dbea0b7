#pragma once
// Process-wide counters and histograms for /metrics (Prometheus text format). Updated and read on
// the io_context thread only, like a Prometheus client registry.
#include <map>
#include <string>
#include <vector>

namespace ytm {

class Metrics {
 public:
  void count(const std::string& name, const std::string& label_value = "", double by = 1);
  void observe(const std::string& name, double seconds);
  // Prometheus text for everything recorded so far; help texts are given per metric name.
  [[nodiscard]] std::string render(const std::map<std::string, std::string>& help) const;

 private:
  struct Histogram {
    std::vector<double> bounds;
    std::vector<long long> buckets;
    long long count = 0;
    double sum = 0;
  };
  std::map<std::string, std::map<std::string, double>> counters_;  // name → label value → count
  std::map<std::string, Histogram> histograms_;
};

// The daemon's registry.
Metrics& metrics();

}  // namespace ytm
