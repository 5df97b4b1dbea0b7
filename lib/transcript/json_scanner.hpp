#pragma once
// A pull reader over JSON text, for formats read field by field (json3) where building a tree of
// every value would cost more than the rest of the parse. It checks the whole grammar (strings
// as valid UTF-8, surrogate pairs, numbers) so bad input is refused as a tree parser would.
// After the first error every call returns false and error() says where and why.
// Internal to ytm_transcript.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ytm::transcript {

class JsonScanner {
 public:
  enum class Kind { none, object, array, string, number, literal };

  explicit JsonScanner(std::string_view text);

  // The kind of the next value (skipping whitespace); none at the end or after an error.
  Kind peek();

  // Containers: call begin_…, then next_… until it returns false (at the closing bracket, which
  // it consumes, or on an error). next_member reads the key and the colon after it.
  bool begin_object();
  bool next_member(std::string& key);
  bool begin_array();
  bool next_element();

  // Decoded text appended to `out`.
  bool read_string(std::string& out);
  bool read_number(double& out);
  // Any value, checked but not kept.
  bool skip_value();

  // Only whitespace is left.
  bool finish();

  [[nodiscard]] bool failed() const { return !error_.empty(); }
  // "line 3, column 14: expected ',' or '}'"
  [[nodiscard]] const std::string& error() const { return error_; }
  // The reading position, and any position as "line 3, column 14" (counted only when asked).
  [[nodiscard]] std::size_t offset() const { return pos_; }
  [[nodiscard]] std::string position(std::size_t offset) const;

 private:
  bool fail(std::string_view why);
  bool expect(char c, std::string_view why);
  bool next_in(char close, std::string_view why);
  bool step_into_next();
  char skip_space();
  bool read_escape(std::string& out);
  bool read_hex4(unsigned& out);
  bool check_utf8();
  bool skip_literal();
  bool skip_scalar();

  std::string_view text_;
  std::size_t pos_ = 0;
  struct Open {
    char close;
    bool first;  // no member read yet
  };
  std::vector<Open> open_;
  std::string scratch_;  // strings skipped
  std::string error_;
};

}  // namespace ytm::transcript
