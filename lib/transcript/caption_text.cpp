#include "transcript/caption_text.hpp"

#include <array>
#include <cstdint>
#include <cstdlib>

namespace ytm::transcript::text {

namespace {

struct Named {
  std::string_view name;
  char32_t code;
};
constexpr std::array<Named, 16> named_entities{{{"amp", '&'},
                                                {"lt", '<'},
                                                {"gt", '>'},
                                                {"quot", '"'},
                                                {"apos", '\''},
                                                {"nbsp", ' '},
                                                {"lrm", 0x200E},
                                                {"rlm", 0x200F},
                                                {"hellip", 0x2026},
                                                {"mdash", 0x2014},
                                                {"ndash", 0x2013},
                                                {"lsquo", 0x2018},
                                                {"rsquo", 0x2019},
                                                {"ldquo", 0x201C},
                                                {"rdquo", 0x201D},
                                                {"shy", 0xAD}}};

// Decodes the entity starting at in[0] == '&'; returns how many bytes it used (0: not an entity).
std::size_t decode_one(std::string_view in, std::string& out) {
  auto semi = in.find(';', 1);
  if (semi > 10) return 0;  // also when there is no ';' at all (npos)
  auto body = in.substr(1, semi - 1);
  if (body.size() >= 2 && body[0] == '#') {
    bool hex = body[1] == 'x' || body[1] == 'X';
    std::string digits(body.substr(hex ? 2 : 1));
    if (digits.empty()) return 0;
    char* end = nullptr;
    unsigned long code = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
    if (*end != '\0' || code == 0 || code > 0x10FFFF) return 0;
    // "&#xD800;" names half of a pair, which is no character: it is dropped (append_utf8).
    append_utf8(out, code == 0xA0 ? U' ' : static_cast<char32_t>(code));
    return semi + 1;
  }
  for (const auto& e : named_entities) {
    if (e.name == body) {
      if (e.code != 0xAD && e.code != 0x200E && e.code != 0x200F) append_utf8(out, e.code);
      return semi + 1;
    }
  }
  return 0;
}

}  // namespace

void append_decoded(std::string& out, std::string_view in) {
  for (;;) {
    auto amp = in.find('&');
    out.append(in.substr(0, amp));
    if (amp == std::string_view::npos) return;
    in.remove_prefix(amp);
    auto used = decode_one(in, out);
    if (used == 0) {
      out += '&';
      used = 1;
    }
    in.remove_prefix(used);
  }
}

bool ends_spoken_sentence(std::string_view s) {
  if (!ends_sentence(s)) return false;
  s = without_closers(s);
  if (s.ends_with("..") || s.ends_with("\u2026")) return false;
  static constexpr std::array<std::string_view, 12> abbreviations{"Mr.",  "Mrs.", "Ms.",  "Dr.",   "St.", "vs.",
                                                                  "etc.", "e.g.", "i.e.", "Prof.", "Jr.", "Sr."};
  for (auto a : abbreviations) {
    if (s.ends_with(a) && (s.size() == a.size() || is_ascii_space(s[s.size() - a.size() - 1]))) return false;
  }
  return true;
}

bool is_marker(std::string_view s) {
  if (s.size() >= 3 && ((s.front() == '[' && s.back() == ']') || (s.front() == '(' && s.back() == ')')))
    return s.substr(1, s.size() - 2).find_first_of("[]()") == std::string_view::npos;
  bool any = false;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    char32_t c = next_codepoint(s, i);
    if (c == 0x266A || c == 0x266B || c == 0x266C) {
      any = true;
    } else if (!is_ascii_space(s[at])) {
      return false;
    }
  }
  return any;
}

}  // namespace ytm::transcript::text
