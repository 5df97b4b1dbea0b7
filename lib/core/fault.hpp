#pragma once
// A test seam compiled into every build: YTMONITOR_TEST_THROW_IN names job steps that throw, so
// tests can show that an exception anywhere in a video's job ends as that video's failure and
// never holds a worker; YTMONITOR_TEST_KILL_IN names steps that take the whole process down
// (SIGKILL), as a crash would. Entries are comma separated, "STEP" or "STEP:VIDEO_ID"; a step such
// as "translate" also matches "translate/3"; "STEP#N" fires at the first N times only (a loop that
// fails once, then works). Beside a video's steps: "outbox" and "digests" (each time their loop
// starts) and "health_checks" (each time the checks run). Unset (as for every user), fault_point
// does nothing.
#include <string_view>

namespace ytm {

inline constexpr const char* fault_variable = "YTMONITOR_TEST_THROW_IN";
inline constexpr const char* kill_variable = "YTMONITOR_TEST_KILL_IN";

// Throws std::runtime_error (or kills this process) when a variable names this step (for this video).
void fault_point(std::string_view step, std::string_view video_id);

}  // namespace ytm
