#pragma once
// Expected failures travel as values: a kind the queue acts on, a stable code for status and
// metrics, and a message a user can act on.
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace ytm {

enum class FailureKind {
  transient,  // try again later, with backoff (or after retry_after)
  permanent,  // will not succeed by waiting; the video is failed or skipped
  paused,     // the stage cannot run until the user fixes something (credentials, tool missing)
};

const char* to_string(FailureKind kind);

struct Failure {
  FailureKind kind = FailureKind::transient;
  std::string code;     // short and stable: "http_429", "bot_check", "no_captions"
  std::string message;  // what happened and what to do about it
  std::optional<std::chrono::seconds> retry_after{};

  static Failure transient(std::string code, std::string message,
                           std::optional<std::chrono::seconds> retry_after = std::nullopt) {
    return {FailureKind::transient, std::move(code), std::move(message), retry_after};
  }
  static Failure permanent(std::string code, std::string message) {
    return {FailureKind::permanent, std::move(code), std::move(message), std::nullopt};
  }
  static Failure paused(std::string code, std::string message) {
    return {FailureKind::paused, std::move(code), std::move(message), std::nullopt};
  }
};

inline const char* to_string(FailureKind kind) {
  switch (kind) {
    case FailureKind::transient: return "transient";
    case FailureKind::permanent: return "permanent";
    case FailureKind::paused: return "paused";
  }
  return "unknown";
}

// A value or the Failure that prevented it (std::expected is C++23).
template <class T>
class Outcome {
 public:
  // Asio needs a default for results of coroutines that end by exception; it is never a value.
  Outcome() : v_(Failure{FailureKind::transient, "no_result", "no result was produced", std::nullopt}) {}
  Outcome(T value) : v_(std::move(value)) {}            // NOLINT(google-explicit-constructor)
  Outcome(Failure failure) : v_(std::move(failure)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Failure& failure() const { return std::get<1>(v_); }

 private:
  std::variant<T, Failure> v_;
};

}  // namespace ytm

namespace ytm {
// For operations that produce nothing but can fail.
using Status = Outcome<std::monostate>;
inline Status success() { return std::monostate{}; }
}  // namespace ytm
