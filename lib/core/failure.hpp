#pragma once
// Expected failures travel as values: a kind the queue acts on, a code (core/failure_code.hpp)
// for the queue's decisions, status and metrics, and a message a user can act on.
#include <charconv>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>

#include "core/failure_code.hpp"

namespace ytm {

enum class FailureKind {
  transient,  // try again later, with backoff (or after retry_after)
  permanent,  // will not succeed by waiting; the video is failed or skipped
  paused,     // the stage cannot run until the user fixes something (credentials, tool missing)
};

const char* to_string(FailureKind kind);

struct Failure {
  FailureKind kind = FailureKind::transient;
  FailureCode code = FailureCode::internal;
  std::string message;  // what happened and what to do about it
  std::optional<std::chrono::seconds> retry_after{};
  int http_status = 0;  // with FailureCode::http_status: the status the server answered

  static Failure transient(FailureCode code, std::string message,
                           std::optional<std::chrono::seconds> retry_after = std::nullopt) {
    return {FailureKind::transient, code, std::move(message), retry_after};
  }
  static Failure permanent(FailureCode code, std::string message) {
    return {FailureKind::permanent, code, std::move(message), std::nullopt};
  }
  static Failure paused(FailureCode code, std::string message) {
    return {FailureKind::paused, code, std::move(message), std::nullopt};
  }
  // A server's answer that is no success: stored as "http_404" and the like.
  static Failure http(FailureKind kind, int status, std::string message,
                      std::optional<std::chrono::seconds> retry_after = std::nullopt) {
    return {kind, FailureCode::http_status, std::move(message), retry_after, status};
  }

  // The code as stored and shown: "timeout", "http_429".
  [[nodiscard]] std::string code_text() const {
    return code == FailureCode::http_status ? http_code_text(http_status) : std::string(to_string(code));
  }
  // A failure kept as its code_text() ("http_429" included) back as it was; text no list holds
  // any more reads as internal.
  static Failure from_code_text(FailureKind kind, std::string_view text, std::string message) {
    const std::string_view http = to_string(FailureCode::http_status);
    if (text.size() > http.size() && text.substr(0, http.size()) == http) {
      const std::string_view digits = text.substr(http.size());
      int status = 0;
      const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), status);
      if (error == std::errc{} && end == digits.data() + digits.size()) {
        return {kind, FailureCode::http_status, std::move(message), std::nullopt, status};
      }
    }
    return {kind, failure_code_from(text).value_or(FailureCode::internal), std::move(message), std::nullopt};
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
  Outcome() : v_(Failure::transient(FailureCode::no_result, "no result was produced")) {}
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
