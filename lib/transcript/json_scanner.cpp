#include "transcript/json_scanner.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "core/text_position.hpp"
#include "transcript/caption_text.hpp"

namespace ytm::transcript {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

JsonScanner::JsonScanner(std::string_view text) : text_(text) {
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
}

bool JsonScanner::fail(std::string_view why) {
  if (failed()) return false;
  error_ = position(pos_) + ": ";
  if (pos_ >= text_.size()) error_ += "unexpected end of input, ";
  error_ += why;
  pos_ = text_.size();
  open_.clear();
  return false;
}

std::string JsonScanner::position(std::size_t offset) const { return line_and_column(text_, offset); }

char JsonScanner::skip_space() {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return c;
    ++pos_;
  }
  return '\0';
}

bool JsonScanner::expect(char c, std::string_view why) {
  if (failed()) return false;
  if (skip_space() != c || pos_ >= text_.size()) return fail(why);
  ++pos_;
  return true;
}

JsonScanner::Kind JsonScanner::peek() {
  if (failed()) return Kind::none;
  char c = skip_space();
  if (pos_ >= text_.size()) return Kind::none;
  if (c == '{') return Kind::object;
  if (c == '[') return Kind::array;
  if (c == '"') return Kind::string;
  if (c == '-' || is_digit(c)) return Kind::number;
  if (c == 't' || c == 'f' || c == 'n') return Kind::literal;
  return Kind::none;
}

bool JsonScanner::begin_object() {
  if (!expect('{', "expected '{'")) return false;
  open_.push_back({'}', true});
  return true;
}

bool JsonScanner::begin_array() {
  if (!expect('[', "expected '['")) return false;
  open_.push_back({']', true});
  return true;
}

// True when another member or element follows; false once `close` is consumed.
bool JsonScanner::next_in(char close, std::string_view why) {
  if (failed()) return false;
  if (open_.empty() || open_.back().close != close) return fail("reader error: no such container open");
  char c = skip_space();
  if (pos_ < text_.size() && c == close) {
    ++pos_;
    open_.pop_back();
    return false;
  }
  if (std::exchange(open_.back().first, false)) return true;
  if (pos_ < text_.size() && c == ',') {
    ++pos_;
    return true;
  }
  return fail(why);
}

bool JsonScanner::next_member(std::string& key) {
  if (!next_in('}', "expected ',' or '}' after an object member")) return false;
  key.clear();
  if (skip_space() != '"' || pos_ >= text_.size()) return fail("expected a member name in quotes");
  return read_string(key) && expect(':', "expected ':' after a member name");
}

bool JsonScanner::next_element() { return next_in(']', "expected ',' or ']' after an array element"); }

bool JsonScanner::read_string(std::string& out) {
  if (!expect('"', "expected a string")) return false;
  for (;;) {
    auto start = pos_;
    while (pos_ < text_.size()) {
      auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++pos_;
    }
    out.append(text_.substr(start, pos_ - start));
    if (pos_ >= text_.size()) return fail("unterminated string");
    auto c = static_cast<unsigned char>(text_[pos_]);
    if (c == '"') {
      ++pos_;
      return true;
    }
    if (c < 0x20) return fail("control character in a string (must be escaped)");
    start = pos_;
    if (!(c == '\\' ? read_escape(out) : check_utf8())) return false;
    if (c != '\\') out.append(text_.substr(start, pos_ - start));
  }
}

bool JsonScanner::check_utf8() {
  const auto n = utf8_sequence_length(text_, pos_);
  if (n == 0) return fail("invalid UTF-8 in a string");
  pos_ += n;
  return true;
}

bool JsonScanner::read_hex4(unsigned& out) {
  out = 0;
  auto digits = text_.substr(pos_, 4);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out, 16);
  if (digits.size() != 4 || ec != std::errc{} || end != digits.data() + 4)
    return fail("expected 4 hex digits after \\u");
  pos_ += 4;
  return true;
}

bool JsonScanner::read_escape(std::string& out) {
  char c = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
  pos_ += 2;
  switch (c) {
    case '"':
    case '\\':
    case '/': out += c; return true;
    case 'b': out += '\b'; return true;
    case 'f': out += '\f'; return true;
    case 'n': out += '\n'; return true;
    case 'r': out += '\r'; return true;
    case 't': out += '\t'; return true;
    case 'u': break;
    default: pos_ -= 1; return fail("invalid escape in a string");
  }
  unsigned code = 0;
  if (!read_hex4(code)) return false;
  if (code >= 0xDC00 && code <= 0xDFFF) return fail("\\u escape: low surrogate without a high one");
  if (code >= 0xD800 && code <= 0xDBFF) {
    unsigned low = 0;
    if (!text_.substr(pos_).starts_with("\\u")) return fail("\\u escape: high surrogate without a low one");
    pos_ += 2;
    if (!read_hex4(low)) return false;
    if (low < 0xDC00 || low > 0xDFFF) return fail("\\u escape: high surrogate without a low one");
    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
  }
  text::append_utf8(out, static_cast<char32_t>(code));
  return true;
}

bool JsonScanner::read_number(double& out) {
  if (failed()) return false;
  skip_space();
  auto start = pos_;
  auto digits = [&] {
    auto from = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    return pos_ - from;
  };
  auto at = [&](char c) { return pos_ < text_.size() && text_[pos_] == c; };
  if (at('-')) ++pos_;
  auto integer_start = pos_;
  auto integer = digits();
  if (integer == 0 || (integer > 1 && text_[integer_start] == '0')) return fail("expected a number");
  if (at('.') && (++pos_, digits() == 0)) return fail("expected digits after '.' in a number");
  if (at('e') || at('E')) {
    ++pos_;
    if (at('+') || at('-')) ++pos_;
    if (digits() == 0) return fail("expected digits in a number's exponent");
  }
  auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, out);
  if (ec != std::errc{} || end != text_.data() + pos_) return fail("number out of range");
  return true;
}

bool JsonScanner::skip_literal() {
  auto rest = text_.substr(pos_);
  for (std::string_view word : {"true", "false", "null"}) {
    if (rest.starts_with(word)) {
      pos_ += word.size();
      return true;
    }
  }
  return fail("expected a value");
}

bool JsonScanner::skip_scalar() {
  double ignored = 0;
  switch (peek()) {
    case Kind::string: scratch_.clear(); return read_string(scratch_);
    case Kind::number: return read_number(ignored);
    case Kind::literal: return skip_literal();
    default: return fail("expected a value");
  }
}

// Inside a skipped container: moves to its next value, closing containers that end on the way.
// False when the container skip_value started with has closed.
bool JsonScanner::step_into_next() { return open_.back().close == '}' ? next_member(scratch_) : next_element(); }

// Iterative, not recursive, so deeply nested input cannot exhaust the stack.
bool JsonScanner::skip_value() {
  if (failed()) return false;
  const auto depth = open_.size();
  auto kind = peek();
  for (;;) {
    if (kind == Kind::object) {
      begin_object();
    } else if (kind == Kind::array) {
      begin_array();
    } else if (!skip_scalar()) {
      return false;
    }
    while (open_.size() > depth && !step_into_next()) {
      if (failed()) return false;
    }
    if (open_.size() <= depth) return !failed();
    kind = peek();
  }
}

bool JsonScanner::finish() {
  if (failed()) return false;
  // A NUL ends the text, as it did for nlohmann::json: files padded with NULs stay readable.
  if (skip_space() != '\0') return fail("unexpected text after the JSON value");
  return true;
}

}  // namespace ytm::transcript
