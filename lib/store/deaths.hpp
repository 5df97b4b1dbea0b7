#pragma once
// What a claim does with the videos of a process that died while holding them. Internal to the
// store: both run inside the claim's transaction.
#include <string>
#include <vector>

#include "store/sqlite.hpp"
#include "store/store.hpp"

namespace ytm::store {

// Accounts for each processing video whose lease is held by an owner that is gone (dead on this
// host, or expired), and ends that lease: a kill while a model call of the video was in flight
// gives the attempt back; a death while its own work ran counts as a crash at its point.
std::vector<Death> note_deaths(Connection& db, const Claimant& who, UnixTime now);

// Fails `crashed` the processing videos without a live lease that reached max_attempts crashes in
// a row at one point, or twice as many deaths of either kind; returns their ids.
std::vector<std::string> fail_crashed(Connection& db, int max_attempts, UnixTime now);

}  // namespace ytm::store
