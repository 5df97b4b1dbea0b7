#include "core/failure_code.hpp"

#include <array>
#include <ostream>

namespace ytm {
namespace {

constexpr std::array<std::string_view, 0
#define YTM_FAILURE_COUNT(name, text) +1
                                              YTM_FAILURE_CODES(YTM_FAILURE_COUNT)
#undef YTM_FAILURE_COUNT
                     >
    texts = {
#define YTM_FAILURE_TEXT(name, text) text,
        YTM_FAILURE_CODES(YTM_FAILURE_TEXT)
#undef YTM_FAILURE_TEXT
};

}  // namespace

std::string_view to_string(FailureCode code) { return texts.at(static_cast<std::size_t>(code)); }

std::optional<FailureCode> failure_code_from(std::string_view text) {
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (texts[i] == text && static_cast<FailureCode>(i) != FailureCode::http_status) return static_cast<FailureCode>(i);
  }
  return std::nullopt;
}

std::string http_code_text(int status) { return std::string(to_string(FailureCode::http_status)) + std::to_string(status); }

std::ostream& operator<<(std::ostream& out, FailureCode code) { return out << to_string(code); }

}  // namespace ytm
