#pragma once
// The message of an exception caught as an exception_ptr (a coroutine's completion), for logs.
#include <exception>
#include <string>

namespace ytm {

inline std::string exception_text(const std::exception_ptr& error) {
  if (!error) return "no error";
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

}  // namespace ytm
