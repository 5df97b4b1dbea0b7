#pragma once
// The one backoff rule for every retry: feeds, videos, model calls.
#include <chrono>
#include <random>

namespace ytm {

// Exponential backoff with jitter: base · 2^(failures-1), at most cap, then ±jitter of itself,
// so channels or videos that failed together do not all come back in the same second.
std::chrono::milliseconds backoff_delay(int failures, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                        double jitter, std::mt19937& random);

// The regular interval with ±jitter spread.
std::chrono::milliseconds jittered(std::chrono::milliseconds interval, double jitter, std::mt19937& random);

}  // namespace ytm
