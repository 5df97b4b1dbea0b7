#include "process/process.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <exception>
#include <mutex>

#include <spdlog/spdlog.h>

#include "process/spawn.hpp"

namespace ytm::process {
namespace {

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using asio::posix::stream_descriptor;
using namespace asio::experimental::awaitable_operators;
constexpr auto as_tuple = asio::as_tuple(use_awaitable);
constexpr std::size_t read_chunk = std::size_t{64} << 10;

// Writing to a pipe whose reader has gone must be an EPIPE error, not a signal that ends the daemon.
void ignore_sigpipe() {
  static std::once_flag once;
  std::call_once(once, [] { ::signal(SIGPIPE, SIG_IGN); });
}

// Everything the concurrent parts of one run share; lives in run_process's frame, which outlasts
// them all (the parallel group waits for the pump it cancels), so they take it by pointer.
struct Run {
  const ProcessSpec& spec;
  detail::Child& child;
  stream_descriptor in;
  stream_descriptor out;
  stream_descriptor err;
  stream_descriptor pidfd;
  ProcessResult result;
};

void rethrow_if_aborted(const boost::system::error_code& ec) {
  if (ec == asio::error::operation_aborted) throw boost::system::system_error(ec);
}

awaitable<void> write_stdin(Run* run) {
  if (!run->in.is_open()) co_return;
  auto [ec, n] = co_await asio::async_write(run->in, asio::buffer(run->spec.stdin_data), as_tuple);
  rethrow_if_aborted(ec);  // other errors (EPIPE: the child did not read it all) are the child's business
  run->in.close();
}

awaitable<void> read_stdout(Run* run) {
  std::array<char, read_chunk> buffer;
  auto& sink = run->result.out;
  for (;;) {
    auto [ec, n] = co_await run->out.async_read_some(asio::buffer(buffer), as_tuple);
    rethrow_if_aborted(ec);
    std::size_t room = run->spec.max_stdout - std::min(run->spec.max_stdout, sink.size());
    sink.append(buffer.data(), std::min(n, room));
    if (n > room) run->result.out_truncated = true;
    if (ec) co_return;  // end of file
  }
}

awaitable<void> read_stderr(Run* run) {
  std::array<char, read_chunk> buffer;
  auto& tail = run->result.err;
  const std::size_t keep = run->spec.max_stderr_tail;
  for (;;) {
    auto [ec, n] = co_await run->err.async_read_some(asio::buffer(buffer), as_tuple);
    rethrow_if_aborted(ec);
    tail.append(buffer.data(), n);
    if (tail.size() > keep + read_chunk) tail.erase(0, tail.size() - keep);
    if (ec) break;
  }
  if (tail.size() > keep) tail.erase(0, tail.size() - keep);
}

awaitable<void> wait_exit(Run* run) {
  auto executor = co_await asio::this_coro::executor;
  // The pidfd is edge-triggered under epoll: check before every wait, and look again now and then
  // in case an edge was consumed before the wait was queued.
  while (!run->child.exited()) {
    asio::steady_timer recheck(executor, run->pidfd.is_open() ? std::chrono::milliseconds(1000) : 20ms);
    if (run->pidfd.is_open()) {
      co_await (run->pidfd.async_wait(stream_descriptor::wait_read, use_awaitable) ||
                recheck.async_wait(use_awaitable));
    } else {
      co_await recheck.async_wait(use_awaitable);
    }
  }
}

// The child has exited; anything left in its group (a background grandchild holding our pipes)
// goes with it, so the pipes reach end of file.
awaitable<void> wait_exit_and_clear_group(Run* run) {
  co_await wait_exit(run);
  run->child.signal_group(SIGKILL);
}

awaitable<void> pump(Run* run) {
  co_await (write_stdin(run) && read_stdout(run) && read_stderr(run) && wait_exit_and_clear_group(run));
}

awaitable<void> stop_group(Run* run) {
  auto executor = co_await asio::this_coro::executor;
  run->child.signal_group(SIGTERM);
  asio::steady_timer grace(executor, run->spec.kill_grace);
  co_await (wait_exit(run) || grace.async_wait(use_awaitable));
  run->child.signal_group(SIGKILL);
  co_await wait_exit(run);
}

void record_status(ProcessResult& result, int status) {
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.term_signal = WTERMSIG(status);
  }
}

}  // namespace

awaitable<Outcome<ProcessResult>> run_process(asio::any_io_executor executor, ProcessSpec spec) {
  ignore_sigpipe();
  auto started = detail::spawn(spec);
  if (!started) co_return started.failure();
  spdlog::debug("started pid {}: {}", started->child.pid(), describe(spec.argv));

  detail::Child child = std::move(started->child);
  Run run{spec,
          child,
          stream_descriptor(executor),
          stream_descriptor(executor),
          stream_descriptor(executor),
          stream_descriptor(executor),
          {}};
  if (started->pipes.in >= 0) run.in.assign(started->pipes.in);
  run.out.assign(started->pipes.out);
  run.err.assign(started->pipes.err);
  if (int fd = child.release_pidfd(); fd >= 0) run.pidfd.assign(fd);

  asio::steady_timer deadline(executor, spec.timeout);
  auto [order, pump_error, deadline_error] =
      co_await asio::experimental::make_parallel_group(co_spawn(executor, pump(&run), asio::deferred),
                                                       deadline.async_wait(asio::deferred))
          .async_wait(asio::experimental::wait_for_one(), asio::deferred);

  const bool finished = order[0] == 0 && !pump_error;
  run.result.timed_out = !finished && !deadline_error;
  const bool aborted = !finished && !run.result.timed_out;
  if (!finished) {
    // Cancelled from outside (or a bug): the process still gets its grace period before SIGKILL.
    if (aborted) co_await asio::this_coro::reset_cancellation_state();
    if (run.result.timed_out)
      spdlog::warn("pid {} timed out after {} ms: {}", child.pid(), spec.timeout.count(), describe(spec.argv));
    co_await stop_group(&run);
  }
  record_status(run.result, child.reap());
  if (aborted) {
    if (pump_error) std::rethrow_exception(pump_error);
    throw boost::system::system_error(asio::error::operation_aborted);
  }
  co_return std::move(run.result);
}

Outcome<std::string> find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  return detail::find_executable(name, path ? path : "/usr/local/bin:/usr/bin:/bin");
}

std::string describe_end(const ProcessResult& result) {
  std::string how = result.timed_out          ? "timed out"
                    : result.term_signal != 0 ? "killed by signal " + std::to_string(result.term_signal)
                                              : "exit code " + std::to_string(result.exit_code);
  auto end = result.err.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return how + ", nothing on stderr";
  auto start = result.err.rfind('\n', end);
  start = start == std::string::npos ? 0 : start + 1;
  auto line = result.err.substr(start, std::min<std::size_t>(end + 1 - start, 300));
  return how + ": " + line;
}

std::string describe(const std::vector<std::string>& argv) {
  std::string text;
  for (const auto& arg : argv) {
    if (!text.empty()) text += ' ';
    text += arg.size() > 80 ? arg.substr(0, 77) + "..." : arg;
  }
  return text;
}

}  // namespace ytm::process
