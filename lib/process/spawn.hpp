#pragma once
// The POSIX side of run_process: finding the program, fork and exec into a new process group (the
// child set to die with us, PR_SET_PDEATHSIG), and a guard that never lets a child outlive the
// coroutine that started it. Internal to ytm_process.
#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/failure.hpp"
#include "process/process.hpp"

namespace ytm::process::detail {

// Every child's environment names the ytmonitor that started it (ProcessIdentity::text()), and
// its own children inherit it: after a kill -9, PR_SET_PDEATHSIG ends only the child itself.
inline constexpr std::string_view owner_variable = "YTMONITOR_OWNER";

// The file that execve() would run for argv[0], searching `path_list` (a PATH value) when the name
// has no '/'. A Failure "command_missing" naming the command when there is none or it is not
// executable.
Outcome<std::string> find_executable(const std::string& name, const std::string& path_list);

// Our ends of the pipes; -1 where there is none. All O_CLOEXEC.
struct Pipes {
  int in = -1;
  int out = -1;
  int err = -1;
};

// Owns a started child: its pid (which is also its process group id) and its pidfd. If destroyed
// before reap() the whole group is SIGKILLed and the child reaped, synchronously.
class Child {
 public:
  Child() = default;
  Child(pid_t pid, int pidfd) : pid_(pid), pidfd_(pidfd) {}
  ~Child();
  Child(Child&& other) noexcept;
  Child& operator=(Child&&) = delete;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  // Hands the pidfd over (to an asio descriptor, which then closes it); -1 when unavailable.
  int release_pidfd();
  // True once the child has exited (it stays a zombie, holding its pid and group id, until reap()).
  [[nodiscard]] bool exited() const;
  // Signals every process still in the child's group.
  void signal_group(int signal) const;
  // Collects the exit status of an exited child. Returns the raw wait status.
  int reap();
  [[nodiscard]] bool reaped() const { return pid_ <= 0; }

 private:
  pid_t pid_ = -1;
  int pidfd_ = -1;
};

struct Started {
  Child child;
  Pipes pipes;
};

// Starts spec.argv in its own process group with stdin/stdout/stderr on fresh pipes.
Outcome<Started> spawn(const ProcessSpec& spec);

}  // namespace ytm::process::detail
