#include "service/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace ytm::service {

std::chrono::milliseconds jittered(std::chrono::milliseconds interval, double jitter, std::mt19937& random) {
  std::uniform_real_distribution<double> spread(1.0 - jitter, 1.0 + jitter);
  return std::chrono::milliseconds(static_cast<long long>(static_cast<double>(interval.count()) * spread(random)));
}

std::chrono::seconds backoff_delay(int failures, std::chrono::seconds base, std::chrono::seconds cap, double jitter,
                                   std::mt19937& random) {
  double factor = std::pow(2.0, std::clamp(failures - 1, 0, 30));
  double seconds = std::min(static_cast<double>(base.count()) * factor, static_cast<double>(cap.count()));
  auto delay = jittered(std::chrono::milliseconds(static_cast<long long>(seconds * 1000)), jitter, random);
  return std::max(std::chrono::seconds(1), std::chrono::duration_cast<std::chrono::seconds>(delay));
}

}  // namespace ytm::service
