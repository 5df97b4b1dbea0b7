#include "core/utf8.hpp"

namespace ytm {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";

bool in_range(unsigned char c, unsigned char low, unsigned char high) { return c >= low && c <= high; }

}  // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) return 1;
  std::size_t n = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (in_range(lead, 0xC2, 0xDF)) {
    n = 2;
  } else if (in_range(lead, 0xE0, 0xEF)) {
    n = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (in_range(lead, 0xF0, 0xF4)) {
    n = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size() || !in_range(static_cast<unsigned char>(s[i + 1]), low, high)) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (!in_range(static_cast<unsigned char>(s[i + k]), 0x80, 0xBF)) return 0;
  }
  return n;
}

namespace {

// ED A0–BF xx: a surrogate written as if it were a character (CESU-8, or a lone one).
bool encoded_surrogate(std::string_view s, std::size_t i) {
  return i + 3 <= s.size() && static_cast<unsigned char>(s[i]) == 0xED &&
         in_range(static_cast<unsigned char>(s[i + 1]), 0xA0, 0xBF) &&
         in_range(static_cast<unsigned char>(s[i + 2]), 0x80, 0xBF);
}

}  // namespace

char32_t next_codepoint(std::string_view s, std::size_t& i) {
  const auto n = utf8_sequence_length(s, i);
  const auto lead = static_cast<unsigned char>(s[i]);
  if (n == 0) {
    ++i;
    return 0xFFFD;
  }
  char32_t c = n == 1 ? lead : n == 2 ? (lead & 0x1F) : n == 3 ? (lead & 0x0F) : (lead & 0x07);
  for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += n;
  return c;
}

void append_utf8(std::string& out, char32_t c) {
  if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] > 0 && static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const auto n = text[i] == '\0' ? 0 : utf8_sequence_length(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (encoded_surrogate(text, i)) {
      i += 3;
      continue;
    }
    const auto n = utf8_sequence_length(text, i);
    if (n == 0) {
      out += replacement;
      ++i;
      continue;
    }
    if (text[i] != '\0') out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

void make_valid_utf8(std::string& text) {
  if (!is_valid_utf8(text)) text = valid_utf8(text);
}

std::string_view valid_utf8_view(std::string_view text, std::string& storage) {
  if (is_valid_utf8(text)) return text;
  storage = valid_utf8(text);
  return storage;
}

std::size_t utf8_prefix_length(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  std::size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return n;
}

std::size_t count_codepoints(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size();) {
    next_codepoint(text, i);
    ++n;
  }
  return n;
}

}  // namespace ytm
