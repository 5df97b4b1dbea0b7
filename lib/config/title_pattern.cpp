#include "config/title_pattern.hpp"

#include <re2/re2.h>

namespace ytm::config {
namespace {

std::shared_ptr<const re2::RE2> compile(const std::string& pattern) {
  re2::RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  return std::make_shared<const re2::RE2>(pattern, options);
}

}  // namespace

std::string TitlePattern::problem(const std::string& pattern) {
  if (pattern.size() > max_length) {
    return "is " + std::to_string(pattern.size()) + " bytes long; a title filter may have at most " +
           std::to_string(max_length);
  }
  auto re = compile(pattern);
  return re->ok() ? std::string() : re->error();
}

TitlePattern::TitlePattern(const std::string& pattern) {
  if (pattern.empty() || pattern.size() > max_length) return;
  auto re = compile(pattern);
  if (re->ok()) re_ = std::move(re);
}

bool TitlePattern::found_in(std::string_view title) const {
  return re_ && re2::RE2::PartialMatch(re2::StringPiece(title.data(), title.size()), *re_);
}

}  // namespace ytm::config
