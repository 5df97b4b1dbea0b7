#pragma once
#include <chrono>
#include <random>

namespace ytm::service {

// Exponential backoff with jitter: base · 2^(failures-1), at most cap, then ±jitter of itself,
// so channels or videos that failed together do not all come back in the same second.
std::chrono::seconds backoff_delay(int failures, std::chrono::seconds base, std::chrono::seconds cap, double jitter,
                                   std::mt19937& random);

// The regular interval with ±jitter spread.
std::chrono::milliseconds jittered(std::chrono::milliseconds interval, double jitter, std::mt19937& random);

}  // namespace ytm::service
