#include <catch2/catch.hpp>

#include <signal.h>

#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <variant>

#include "process/process.hpp"
#include "run_async.hpp"
#include "support/temp_dir.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;
using ytm::process::ProcessResult;
using ytm::process::ProcessSpec;
using ytm::process::run_process;
using ytm::test::TempDir;

namespace {

ytm::Outcome<ProcessResult> run(ProcessSpec spec) {
  asio::io_context io;
  return ytm::test::run_async(io, run_process(io.get_executor(), std::move(spec)));
}

ProcessSpec shell(const std::string& script) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.timeout = 20s;
  return spec;
}

// Starts `script` and gives up on it after `after`: the caller's own timeout racing the process.
asio::awaitable<bool> abandon_after(ProcessSpec spec, std::chrono::milliseconds after) {
  using namespace asio::experimental::awaitable_operators;
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor, after);
  auto which = co_await (timer.async_wait(asio::use_awaitable) || run_process(executor, std::move(spec)));
  co_return which.index() == 0;
}

}  // namespace

TEST_CASE("a process's exit code, stdout and stderr come back separately") {
  auto result = run(shell("echo out; echo err >&2; exit 3"));
  REQUIRE(result.ok());
  CHECK(result->exit_code == 3);
  CHECK(result->term_signal == 0);
  CHECK(result->out == "out\n");
  CHECK(result->err == "err\n");
  CHECK_FALSE(result->timed_out);
  CHECK_FALSE(result->succeeded());
}

TEST_CASE("stdin data larger than a pipe buffer reaches the process whole") {
  ProcessSpec spec;
  spec.argv = {"cat"};
  for (int i = 0; i < 20000; ++i) spec.stdin_data += "line " + std::to_string(i) + " of the prompt\n";
  auto result = run(spec);
  REQUIRE(result.ok());
  CHECK(result->exit_code == 0);
  CHECK(result->out.size() == spec.stdin_data.size());
  CHECK(result->out == spec.stdin_data);
}

TEST_CASE("the process runs in the given folder with the given environment added") {
  TempDir dir;
  auto spec = shell("pwd; echo \"$YTM_TEST_VALUE\"; test -n \"$PATH\" && echo path-kept");
  spec.cwd = dir.path();
  spec.env = {{"YTM_TEST_VALUE", "from the spec"}};
  auto result = run(spec);
  REQUIRE(result.ok());
  CHECK(result->out == std::filesystem::canonical(dir.path()).string() + "\nfrom the spec\npath-kept\n");
}

TEST_CASE("a process ended by a signal reports the signal") {
  auto result = run(shell("kill -9 $$"));
  REQUIRE(result.ok());
  CHECK(result->exit_code == -1);
  CHECK(result->term_signal == SIGKILL);
}

TEST_CASE("a missing command is a paused failure that names it") {
  ProcessSpec spec;
  spec.argv = {"ytm-no-such-command-here", "--version"};
  auto result = run(spec);
  REQUIRE_FALSE(result.ok());
  CHECK(result.failure().kind == ytm::FailureKind::paused);
  CHECK(result.failure().code == ytm::FailureCode::command_missing);
  CHECK_THAT(result.failure().message, Catch::Contains("ytm-no-such-command-here"));

  spec.argv = {"/nonexistent/bin/yt-dlp"};
  result = run(spec);
  REQUIRE_FALSE(result.ok());
  CHECK(result.failure().code == ytm::FailureCode::command_missing);
  CHECK_THAT(result.failure().message, Catch::Contains("/nonexistent/bin/yt-dlp"));

  TempDir dir;
  auto not_executable = dir.write("tool", "#!/bin/sh\necho hi\n");
  spec.argv = {not_executable.string()};
  result = run(spec);
  REQUIRE_FALSE(result.ok());
  CHECK(result.failure().code == ytm::FailureCode::command_missing);
}

TEST_CASE("a timeout kills the whole process group, grandchildren included") {
  TempDir dir;
  auto pids = (dir / "pids").string();
  auto spec = shell("sleep 300 & echo $! > " + pids + "; echo $$ >> " + pids + "; echo started; wait");
  spec.timeout = 500ms;
  spec.kill_grace = 200ms;
  auto begin = std::chrono::steady_clock::now();
  auto result = run(spec);
  auto elapsed = std::chrono::steady_clock::now() - begin;
  REQUIRE(result.ok());
  CHECK(result->timed_out);
  CHECK(result->out == "started\n");
  CHECK(result->term_signal == SIGTERM);
  CHECK(elapsed < 10s);
  auto started = ytm::test::read_pids(pids, 2);
  REQUIRE(started.size() == 2);
  CHECK(ytm::test::process_ends(started[0]));
  CHECK(ytm::test::process_ends(started[1]));
}

TEST_CASE("a process group that ignores SIGTERM is SIGKILLed after the grace period") {
  TempDir dir;
  auto pids = (dir / "pids").string();
  auto spec = shell("trap '' TERM; sleep 300 & echo $! > " + pids + "; while true; do sleep 1; done");
  spec.timeout = 300ms;
  spec.kill_grace = 300ms;
  auto result = run(spec);
  REQUIRE(result.ok());
  CHECK(result->timed_out);
  CHECK(result->term_signal == SIGKILL);
  auto started = ytm::test::read_pids(pids, 1);
  REQUIRE(started.size() == 1);
  CHECK(ytm::test::process_ends(started[0]));
}

TEST_CASE("cancelling the awaiting coroutine kills the process group") {
  TempDir dir;
  auto pids = (dir / "pids").string();
  auto spec = shell("sleep 300 & echo $! > " + pids + "; echo $$ >> " + pids + "; wait");
  spec.timeout = 60s;
  spec.kill_grace = 200ms;
  asio::io_context io;
  bool timer_won = ytm::test::run_async(io, abandon_after(spec, 400ms));
  CHECK(timer_won);
  auto started = ytm::test::read_pids(pids, 2);
  REQUIRE(started.size() == 2);
  CHECK(ytm::test::process_ends(started[0]));
  CHECK(ytm::test::process_ends(started[1]));
}

TEST_CASE("destroying the io_context mid-run kills and reaps the process") {
  TempDir dir;
  auto pids = (dir / "pids").string();
  auto spec = shell("sleep 300 & echo $! > " + pids + "; echo $$ >> " + pids + "; wait");
  std::vector<long> started;
  {
    asio::io_context io;
    asio::co_spawn(io, ytm::test::as_optional(run_process(io.get_executor(), spec)), asio::detached);
    io.run_for(300ms);
    started = ytm::test::read_pids(pids, 2);
  }
  REQUIRE(started.size() == 2);
  CHECK(ytm::test::process_ends(started[0]));
  CHECK(::kill(static_cast<pid_t>(started[1]), 0) != 0);  // reaped, not a zombie
  CHECK(ytm::test::process_ends(started[1]));
}

TEST_CASE("10 MB on stderr neither blocks the process nor fills memory: the tail is kept") {
  auto spec = shell("head -c 10000000 /dev/zero | tr '\\0' x >&2; echo ' the last words' >&2; echo done");
  spec.max_stderr_tail = 4096;
  auto result = run(spec);
  REQUIRE(result.ok());
  CHECK(result->exit_code == 0);
  CHECK(result->out == "done\n");
  CHECK(result->err.size() == 4096);
  CHECK_THAT(result->err, Catch::EndsWith("xxx the last words\n"));
}

TEST_CASE("stdout beyond max_stdout is dropped and flagged, and the process still finishes") {
  auto spec = shell("head -c 1000000 /dev/zero; echo finished >&2");
  spec.max_stdout = 1000;
  auto result = run(spec);
  REQUIRE(result.ok());
  CHECK(result->exit_code == 0);
  CHECK(result->out.size() == 1000);
  CHECK(result->out_truncated);
  CHECK(result->err == "finished\n");
}

TEST_CASE("a background child left holding the pipes does not keep the run waiting") {
  TempDir dir;
  auto pids = (dir / "pids").string();
  auto spec = shell("sleep 300 & echo $! > " + pids + "; echo hi");
  spec.timeout = 30s;
  auto begin = std::chrono::steady_clock::now();
  auto result = run(spec);
  REQUIRE(result.ok());
  CHECK(std::chrono::steady_clock::now() - begin < 10s);
  CHECK_FALSE(result->timed_out);
  CHECK(result->out == "hi\n");
  auto started = ytm::test::read_pids(pids, 1);
  REQUIRE(started.size() == 1);
  CHECK(ytm::test::process_ends(started[0]));
}

TEST_CASE("runs leave no file descriptors behind and children inherit none of ours") {
  int before = ytm::test::open_fd_count();
  for (int i = 0; i < 5; ++i) REQUIRE(run(shell("echo x")).ok());
  auto spec = shell("sleep 30");
  spec.timeout = 100ms;
  spec.kill_grace = 100ms;
  REQUIRE(run(spec)->timed_out);
  CHECK(ytm::test::open_fd_count() == before);

  // The child's own descriptors: 0, 1, 2 and the one ls opens to list them.
  ProcessSpec list;
  list.argv = {"ls", "/proc/self/fd"};
  auto listed = run(list);
  REQUIRE(listed.ok());
  CHECK(listed->out == "0\n1\n2\n3\n");
}
