// The XML caption formats: srv3 (<timedtext format="3"><body><p t= d=><s t=>word</s>), srv1
// (<transcript><text start= dur=>) and TTML (<tt><body><div><p begin= end=>…<br/>…</p>).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>

#include <pugixml.hpp>

#include "core/text_position.hpp"
#include "transcript/parse.hpp"

namespace ytm::transcript {
namespace {

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::optional<double> number(std::string_view s) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || ptr != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// "line 12, column 3" of an element, from where pugixml read its name.
std::string at(std::string_view content, const pugi::xml_node& node) {
  const auto offset = node.offset_debug();
  return offset < 0 ? std::string("somewhere") : line_and_column(content, static_cast<std::size_t>(offset));
}

struct TtmlRates {
  double frame_rate = 30;
  double tick_rate = 1;
};

// TTML time expressions: "00:01:02.500", "00:01:02:12" (frames), "62.5s", "62500ms", "1.5m", "90t".
std::optional<double> ttml_time(std::string_view s, const TtmlRates& rates) {
  if (s.find(':') != std::string_view::npos) {
    double parts[4] = {0, 0, 0, 0};
    int count = 0;
    while (count < 4) {
      auto colon = s.find(':');
      auto v = number(s.substr(0, colon));
      if (!v) return std::nullopt;
      parts[count++] = *v;
      if (colon == std::string_view::npos) break;
      s.remove_prefix(colon + 1);
    }
    if (count < 3) return std::nullopt;
    return parts[0] * 3600 + parts[1] * 60 + parts[2] + (count == 4 ? parts[3] / rates.frame_rate : 0);
  }
  struct Unit {
    const char* suffix;
    double seconds;
  };
  const Unit units[] = {
      {"ms", 0.001}, {"h", 3600}, {"m", 60}, {"s", 1}, {"f", 1 / rates.frame_rate}, {"t", 1 / rates.tick_rate}};
  for (const auto& u : units) {
    if (s.ends_with(u.suffix)) {
      auto v = number(s.substr(0, s.size() - std::strlen(u.suffix)));
      return v ? std::optional<double>(*v * u.seconds) : std::nullopt;
    }
  }
  return number(s);
}

// The node after `node` in document order that is still inside `top` (null at the end): a walk
// with no stack of its own, so a cue nesting 100,000 elements is read like a flat one.
pugi::xml_node next_inside(pugi::xml_node node, const pugi::xml_node& top, bool descend) {
  if (descend && node.first_child()) return node.first_child();
  while (node && node != top && !node.next_sibling()) node = node.parent();
  if (!node || node == top) return {};
  return node.next_sibling();
}

void add_text(std::string_view text, std::vector<CueLine>& lines) {
  std::size_t from = 0;
  while (true) {
    auto nl = text.find('\n', from);
    auto part = text.substr(from, nl == std::string_view::npos ? std::string_view::npos : nl - from);
    if (!part.empty()) lines.back().words.push_back({-1, std::string(part)});
    if (nl == std::string_view::npos) break;
    lines.emplace_back();
    from = nl + 1;
  }
}

// Text of a caption element: <br/> starts a new line; <s t="offset"> children are timed words;
// other elements (<span>, <font>, <s> without a time) are read through.
void read_content(const pugi::xml_node& cue, double cue_start, std::vector<CueLine>& lines) {
  for (auto node = cue.first_child(); node;) {
    bool descend = false;
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
      add_text(node.value(), lines);
    } else if (local_name(node) == "br") {
      lines.emplace_back();
    } else if (local_name(node) == "s" && node.attribute("t")) {
      lines.back().words.push_back({cue_start + node.attribute("t").as_double() / 1000.0, node.text().get()});
      lines.back().timed = true;
    } else {
      descend = true;
    }
    node = next_inside(node, cue, descend);
  }
}

Outcome<CueTrack> read_srv3(const pugi::xml_node& body, std::string_view content) {
  CueTrack track;
  int index = 0;
  for (auto p : body.children("p")) {
    ++index;
    auto t = number(p.attribute("t").value());
    if (!t)
      return bad_captions(CaptionFormat::srv3,
                          at(content, p) + ": <p> number " + std::to_string(index) + ": no t=\"ms\" attribute");
    auto d = number(p.attribute("d").value());
    Cue cue{*t / 1000.0, d ? (*t + *d) / 1000.0 : -1, std::vector<CueLine>(1)};
    read_content(p, cue.start, cue.lines);
    track.cues.push_back(std::move(cue));
  }
  return track;
}

Outcome<CueTrack> read_srv1(const pugi::xml_node& root, std::string_view content) {
  CueTrack track;
  int index = 0;
  for (auto node : root.children("text")) {
    ++index;
    auto start = number(node.attribute("start").value());
    if (!start)
      return bad_captions(CaptionFormat::srv1,
                          at(content, node) + ": <text> number " + std::to_string(index) + ": no start");
    auto dur = number(node.attribute("dur").value());
    Cue cue{*start, dur ? *start + *dur : -1, std::vector<CueLine>(1)};
    read_content(node, cue.start, cue.lines);
    track.cues.push_back(std::move(cue));
  }
  return track;
}

// Every <p> under the root, however deep the <div>s around it.
void collect_ttml(const pugi::xml_node& root, std::string_view content, const TtmlRates& rates, CueTrack& track,
                  std::string& error) {
  for (auto child = root.first_child(); child && error.empty();) {
    const bool element = child.type() == pugi::node_element;
    if (!element || local_name(child) != "p") {
      child = next_inside(child, root, element);
      continue;
    }
    auto begin = ttml_time(child.attribute("begin").value(), rates);
    auto end = ttml_time(child.attribute("end").value(), rates);
    auto dur = ttml_time(child.attribute("dur").value(), rates);
    if (!begin) {
      error = at(content, child) + ": <p> with a bad or missing begin=\"" + child.attribute("begin").value() + "\"";
      return;
    }
    Cue cue{*begin, end ? *end : dur ? *begin + *dur : -1, std::vector<CueLine>(1)};
    read_content(child, cue.start, cue.lines);
    track.cues.push_back(std::move(cue));
    child = next_inside(child, root, false);
  }
}

Outcome<CueTrack> read_ttml(const pugi::xml_node& root, std::string_view content) {
  TtmlRates rates;
  for (auto attr : root.attributes()) {
    std::string_view name = attr.name();
    if (name.ends_with("frameRate")) rates.frame_rate = std::max(1.0, attr.as_double());
    if (name.ends_with("tickRate")) rates.tick_rate = std::max(1.0, attr.as_double());
  }
  CueTrack track;
  std::string error;
  collect_ttml(root, content, rates, track, error);
  if (!error.empty()) return bad_captions(CaptionFormat::ttml, error);
  return track;
}

}  // namespace

Outcome<CueTrack> read_xml_captions(std::string_view content, CaptionFormat format) {
  pugi::xml_document doc;
  auto parsed = doc.load_buffer(content.data(), content.size(), pugi::parse_default | pugi::parse_ws_pcdata);
  if (!parsed) {
    const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0));
    return bad_captions(format, "not valid XML: " + line_and_column(content, offset) + " (byte " +
                                    std::to_string(offset) + "): " + parsed.description());
  }
  auto root = doc.document_element();
  auto name = local_name(root);
  if (name == "timedtext") return read_srv3(root.child("body"), content);
  if (name == "transcript") return read_srv1(root, content);
  if (name == "tt") return read_ttml(root, content);
  return bad_captions(format, "unknown root element <" + std::string(root.name()) + ">");
}

}  // namespace ytm::transcript
