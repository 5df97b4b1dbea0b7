#include "core/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace ytm {

std::chrono::milliseconds jittered(std::chrono::milliseconds interval, double jitter, std::mt19937& random) {
  std::uniform_real_distribution<double> spread(1.0 - jitter, 1.0 + jitter);
  return std::chrono::milliseconds(static_cast<long long>(static_cast<double>(interval.count()) * spread(random)));
}

std::chrono::milliseconds backoff_delay(int failures, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                        double jitter, std::mt19937& random) {
  const double factor = std::pow(2.0, std::clamp(failures - 1, 0, 30));
  const double ms = std::min(static_cast<double>(base.count()) * factor, static_cast<double>(cap.count()));
  return jittered(std::chrono::milliseconds(static_cast<long long>(ms)), jitter, random);
}

}  // namespace ytm
