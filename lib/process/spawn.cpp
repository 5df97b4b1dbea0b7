#include "process/spawn.hpp"

#include "core/process_identity.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

extern char** environ;

namespace ytm::process::detail {
namespace {

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// Callers name the setting that holds the command, and health checks the fix: the message says
// only what happened.
Failure missing(const std::string& name, const char* why) {
  return Failure::paused(FailureCode::command_missing, "cannot run '" + name + "': " + why);
}

std::string environment_value(const ProcessSpec& spec, std::string_view key) {
  for (auto it = spec.env.rbegin(); it != spec.env.rend(); ++it)
    if (it->first == key) return it->second;
  const char* value = std::getenv(std::string(key).c_str());
  return value ? value : "/usr/local/bin:/usr/bin:/bin";
}

std::vector<std::string> environment_for(const ProcessSpec& spec) {
  std::vector<std::string> result;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto key = entry.substr(0, entry.find('='));
    bool overridden = key == owner_variable;
    for (const auto& [k, v] : spec.env) overridden = overridden || k == key;
    if (!overridden) result.emplace_back(entry);
  }
  for (const auto& [k, v] : spec.env) result.push_back(std::string(k).append("=").append(v));
  result.push_back(std::string(owner_variable).append("=").append(self_identity().text()));
  return result;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  result.reserve(strings.size() + 1);
  for (auto& s : strings) result.push_back(s.data());
  result.push_back(nullptr);
  return result;
}

struct FdPair {
  int read = -1;
  int write = -1;
  ~FdPair() {
    if (read >= 0) ::close(read);
    if (write >= 0) ::close(write);
  }
  bool open() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    read = fds[0];
    write = fds[1];
    return true;
  }
  int take_read() { return std::exchange(read, -1); }
  int take_write() { return std::exchange(write, -1); }
};

// Everything the child needs, made before fork: between fork and exec only async-signal-safe
// calls may run (the daemon has other threads).
struct ChildPlan {
  const char* program = nullptr;
  char* const* argv = nullptr;
  char* const* envp = nullptr;
  int in = -1;  // -1: /dev/null
  int out = -1;
  int err = -1;
  const char* cwd = nullptr;
  pid_t parent = 0;
  int report = -1;  // close-on-exec pipe: receives errno when the exec fails
};

[[noreturn]] void fail_in_child(const ChildPlan& plan, int error) {
  (void)!::write(plan.report, &error, sizeof error);
  ::_exit(127);
}

void close_from(int first, int keep) {
  if (keep >= first) {
    if (keep > first) ::syscall(SYS_close_range, first, keep - 1, 0);
    ::syscall(SYS_close_range, keep + 1, ~0U, 0);
  } else {
    ::syscall(SYS_close_range, first, ~0U, 0);
  }
}

[[noreturn]] void run_child(const ChildPlan& plan) {
  // Killed with the daemon also outside systemd (kill -9 included): the kernel sends SIGKILL when
  // the thread that started us ends. Had the daemon died before this line, we would be orphaned.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail_in_child(plan, errno);
  if (::getppid() != plan.parent) ::_exit(127);
  if (::setpgid(0, 0) != 0) fail_in_child(plan, errno);
  // The daemon ignores SIGPIPE and its threads may block signals; the child starts clean.
  struct sigaction defaults {};
  defaults.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &defaults, nullptr);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  const int in = plan.in >= 0 ? plan.in : ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (in < 0) fail_in_child(plan, errno);
  if (::dup2(in, 0) < 0 || ::dup2(plan.out, 1) < 0 || ::dup2(plan.err, 2) < 0) fail_in_child(plan, errno);
  // Descriptors someone opened without O_CLOEXEC (a library, our parent) stay with us.
  close_from(3, plan.report);
  if (plan.cwd != nullptr && ::chdir(plan.cwd) != 0) fail_in_child(plan, errno);
  ::execve(plan.program, plan.argv, plan.envp);
  fail_in_child(plan, errno);
}

// The child's pid, or the errno that kept it from starting.
std::pair<pid_t, int> start_child(ChildPlan plan) {
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) return {-1, errno};
  plan.report = report[1];
  plan.parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) run_child(plan);
  const int fork_error = errno;
  ::close(report[1]);
  if (pid < 0) {
    ::close(report[0]);
    return {-1, fork_error};
  }
  int error = 0;
  ssize_t n = 0;
  while ((n = ::read(report[0], &error, sizeof error)) < 0 && errno == EINTR) {
  }
  ::close(report[0]);
  if (n != static_cast<ssize_t>(sizeof error)) return {pid, 0};  // closed by a successful exec
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return {-1, error};
}

int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  // pidfd_open() sets O_CLOEXEC itself.
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

}  // namespace

Outcome<std::string> find_executable(const std::string& name, const std::string& path_list) {
  if (name.empty()) return missing(name, "empty command");
  if (name.find('/') != std::string::npos) {
    if (is_executable_file(name)) return name;
    return missing(name, ::access(name.c_str(), F_OK) == 0 ? "not an executable file" : "no such file");
  }
  std::string_view rest(path_list);
  while (true) {
    auto colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    if (is_executable_file(candidate)) return candidate;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return missing(name, "not found on PATH");
}

Outcome<Started> spawn(const ProcessSpec& spec) {
  if (spec.argv.empty()) throw std::invalid_argument("run_process: empty argv");
  auto program = find_executable(spec.argv.front(), environment_value(spec, "PATH"));
  if (!program) return program.failure();

  FdPair in;
  FdPair out;
  FdPair err;
  if ((!spec.stdin_data.empty() && !in.open()) || !out.open() || !err.open())
    return Failure::transient(FailureCode::spawn_failed, std::string("cannot create pipes: ") + std::strerror(errno));

  auto env_strings = environment_for(spec);
  auto envp = pointers(env_strings);
  std::vector<std::string> arg_strings = spec.argv;
  auto argv = pointers(arg_strings);

  ChildPlan plan;
  plan.program = program->c_str();
  plan.argv = argv.data();
  plan.envp = envp.data();
  plan.in = in.read;
  plan.out = out.write;
  plan.err = err.write;
  plan.cwd = spec.cwd.empty() ? nullptr : spec.cwd.c_str();
  auto [pid, rc] = start_child(plan);
  if (rc == ENOENT || rc == EACCES || rc == ENOEXEC || rc == ENOTDIR)
    return missing(spec.argv.front(), std::strerror(rc));
  if (rc != 0)
    return Failure::transient(FailureCode::spawn_failed, "cannot start '" + spec.argv.front() + "': " + std::strerror(rc));

  Started started{Child(pid, open_pidfd(pid)), {}};
  started.pipes.in = in.take_write();
  started.pipes.out = out.take_read();
  started.pipes.err = err.take_read();
  return started;  // the child's ends close with the FdPairs
}

Child::Child(Child&& other) noexcept : pid_(std::exchange(other.pid_, -1)), pidfd_(std::exchange(other.pidfd_, -1)) {}

Child::~Child() {
  if (pidfd_ >= 0) ::close(pidfd_);
  if (pid_ <= 0) return;
  signal_group(SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

int Child::release_pidfd() { return std::exchange(pidfd_, -1); }

bool Child::exited() const {
  if (pid_ <= 0) return true;
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return errno == ECHILD;
  return info.si_pid != 0;
}

void Child::signal_group(int signal) const {
  // While the child is unreaped its pid cannot be reused, so this never hits a stranger's group.
  if (pid_ > 0) ::kill(-pid_, signal);
}

int Child::reap() {
  int status = 0;
  if (pid_ <= 0) return status;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return status;
}

}  // namespace ytm::process::detail
