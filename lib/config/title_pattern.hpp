#pragma once
// The include/exclude title filters: RE2 patterns (linear-time matching and no recursion, so no
// pattern a user saves can hang or crash the daemon), case-insensitive, found anywhere in the title.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace ytm::config {

class TitlePattern {
 public:
  static constexpr std::size_t max_length = 1000;  // bytes; a title filter is a few words

  // Why the pattern cannot be used ("missing ): (abc"), or empty when it can.
  static std::string problem(const std::string& pattern);

  // An empty pattern matches nothing; a pattern with a problem() also matches nothing.
  explicit TitlePattern(const std::string& pattern);

  [[nodiscard]] bool empty() const { return !re_; }
  [[nodiscard]] bool found_in(std::string_view title) const;

 private:
  std::shared_ptr<const re2::RE2> re_;
};

}  // namespace ytm::config
