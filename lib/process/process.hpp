#pragma once
// Runs a program as an async subprocess: an argv (never a shell), its own process group, pipes
// read concurrently, a timeout, and the whole group killed and reaped when it times out or the
// awaiting coroutine is cancelled (e.g. `timer || run_process(...)`, or the io_context going away).
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/failure.hpp"

namespace ytm::process {

using namespace std::chrono_literals;

struct ProcessSpec {
  std::vector<std::string> argv;                         // argv[0] is looked up on PATH unless it contains a '/'
  std::filesystem::path cwd;                             // empty: the daemon's own
  std::vector<std::pair<std::string, std::string>> env;  // added to (or overriding) the daemon's environment
  std::string stdin_data;                                // empty: stdin is /dev/null
  std::chrono::milliseconds timeout = 5min;
  std::chrono::milliseconds kill_grace = 2s;            // between SIGTERM and SIGKILL
  std::size_t max_stdout = std::size_t{64} << 20;       // beyond this, stdout is read and dropped
  std::size_t max_stderr_tail = std::size_t{64} << 10;  // only the last bytes of stderr are kept
};

struct ProcessResult {
  int exit_code = -1;   // -1 when ended by a signal
  int term_signal = 0;  // the signal that ended it, 0 when it exited
  std::string out;
  std::string err;  // the last max_stderr_tail bytes
  bool timed_out = false;
  bool out_truncated = false;

  [[nodiscard]] bool succeeded() const { return exit_code == 0 && !timed_out; }
};

// How a run that did not succeed ended, for a message: "timed out", "exit code 2" or "killed by
// signal 9", then the last line it wrote to stderr, if any.
std::string describe_end(const ProcessResult& result);

// Failures: "command_missing" (paused: not found or not executable; the message names it),
// "spawn_failed" (transient: out of processes or memory). A non-zero exit or a timeout is not a
// Failure: it is in the ProcessResult for the caller to judge. Cancellation throws
// boost::system::system_error(operation_aborted) once the process group is gone.
boost::asio::awaitable<Outcome<ProcessResult>> run_process(boost::asio::any_io_executor executor, ProcessSpec spec);

// The file run_process would start for `name` (looked up on the daemon's PATH unless it contains
// a '/'); the "command_missing" failure naming it when there is none.
Outcome<std::string> find_program(const std::string& name);

// Ends (SIGKILL, with their process groups) the processes on this host whose environment names a
// ytmonitor that no longer runs: what its children started (ffmpeg under yt-dlp, node under
// claude) outlives a kill -9 that PR_SET_PDEATHSIG answers for the children only. Returns how many.
int kill_orphaned_children();

// "yt-dlp --skip-download …" for logs and messages: arguments joined, long ones shortened.
std::string describe(const std::vector<std::string>& argv);

}  // namespace ytm::process
