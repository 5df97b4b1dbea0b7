#pragma once
// Just enough HTML reading for YouTube's pages: find tags by name, read their attributes, decode
// entities and JSON string literals. Linear scans with find(), so a 2 MB page costs milliseconds.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ytm::feed::html {

// The text of the first <name …> tag (between the name and '>') for which accept(tag) is true.
template <class Accept>
std::optional<std::string_view> find_tag(std::string_view page, std::string_view name, Accept accept) {
  std::string open = "<" + std::string(name);
  for (auto at = page.find(open); at != std::string_view::npos; at = page.find(open, at + 1)) {
    auto start = at + open.size();
    if (start >= page.size() || (page[start] != ' ' && page[start] != '\t' && page[start] != '\n')) continue;
    auto end = page.find('>', start);
    if (end == std::string_view::npos) return std::nullopt;
    auto tag = page.substr(start, end - start);
    if (accept(tag)) return tag;
  }
  return std::nullopt;
}

// The raw (still entity-encoded) value of an attribute in a tag's text; names compare without case.
std::optional<std::string_view> attribute(std::string_view tag, std::string_view name);

// &amp; &lt; &gt; &quot; &apos; &nbsp; and numeric references; unknown ones are left as written.
std::string decode_entities(std::string_view text);

// The JSON string literal starting at page[quote] == '"', unescaped (\uXXXX and surrogate pairs).
std::optional<std::string> json_string_at(std::string_view page, std::size_t quote);

// The value of the first "key":"…" in the page, unescaped.
std::optional<std::string> json_value(std::string_view page, std::string_view key);

}  // namespace ytm::feed::html
