// The XML caption formats: srv3 (<timedtext format="3"><body><p t= d=><s t=>word</s>), srv1
// (<transcript><text start= dur=>) and TTML (<tt><body><div><p begin= end=>…<br/>…</p>).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>

#include <pugixml.hpp>

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
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return value;
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

// Text of a caption element: <br/> starts a new line; <s t="offset"> children are timed words.
void read_content(const pugi::xml_node& node, double cue_start, std::vector<CueLine>& lines) {
  for (auto child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      std::string_view text = child.value();
      std::size_t from = 0;
      while (true) {
        auto nl = text.find('\n', from);
        auto part = text.substr(from, nl == std::string_view::npos ? std::string_view::npos : nl - from);
        if (!part.empty()) lines.back().words.push_back({-1, std::string(part)});
        if (nl == std::string_view::npos) break;
        lines.emplace_back();
        from = nl + 1;
      }
    } else if (local_name(child) == "br") {
      lines.emplace_back();
    } else if (local_name(child) == "s" && child.attribute("t")) {
      lines.back().words.push_back({cue_start + child.attribute("t").as_double() / 1000.0, child.text().get()});
      lines.back().timed = true;
    } else {
      read_content(child, cue_start, lines);  // <span>, <font>, <s> without a time
    }
  }
}

Outcome<CueTrack> read_srv3(const pugi::xml_node& body) {
  CueTrack track;
  int index = 0;
  for (auto p : body.children("p")) {
    ++index;
    auto t = number(p.attribute("t").value());
    if (!t) return bad_captions(CaptionFormat::srv3, "<p> number " + std::to_string(index) + ": no t=\"ms\" attribute");
    auto d = number(p.attribute("d").value());
    Cue cue{*t / 1000.0, d ? (*t + *d) / 1000.0 : -1, std::vector<CueLine>(1)};
    read_content(p, cue.start, cue.lines);
    track.cues.push_back(std::move(cue));
  }
  return track;
}

Outcome<CueTrack> read_srv1(const pugi::xml_node& root) {
  CueTrack track;
  int index = 0;
  for (auto node : root.children("text")) {
    ++index;
    auto start = number(node.attribute("start").value());
    if (!start) return bad_captions(CaptionFormat::srv1, "<text> number " + std::to_string(index) + ": no start");
    auto dur = number(node.attribute("dur").value());
    Cue cue{*start, dur ? *start + *dur : -1, std::vector<CueLine>(1)};
    read_content(node, cue.start, cue.lines);
    track.cues.push_back(std::move(cue));
  }
  return track;
}

void collect_ttml(const pugi::xml_node& node, const TtmlRates& rates, CueTrack& track, std::string& error) {
  for (auto child : node.children()) {
    if (!error.empty()) return;
    if (child.type() != pugi::node_element) continue;
    if (local_name(child) != "p") {
      collect_ttml(child, rates, track, error);
      continue;
    }
    auto begin = ttml_time(child.attribute("begin").value(), rates);
    auto end = ttml_time(child.attribute("end").value(), rates);
    auto dur = ttml_time(child.attribute("dur").value(), rates);
    if (!begin) {
      error = "<p> at byte " + std::to_string(child.offset_debug()) + ": bad or missing begin=\"" +
              child.attribute("begin").value() + "\"";
      return;
    }
    Cue cue{*begin, end ? *end : dur ? *begin + *dur : -1, std::vector<CueLine>(1)};
    read_content(child, cue.start, cue.lines);
    track.cues.push_back(std::move(cue));
  }
}

Outcome<CueTrack> read_ttml(const pugi::xml_node& root) {
  TtmlRates rates;
  for (auto attr : root.attributes()) {
    std::string_view name = attr.name();
    if (name.ends_with("frameRate")) rates.frame_rate = std::max(1.0, attr.as_double());
    if (name.ends_with("tickRate")) rates.tick_rate = std::max(1.0, attr.as_double());
  }
  CueTrack track;
  std::string error;
  collect_ttml(root, rates, track, error);
  if (!error.empty()) return bad_captions(CaptionFormat::ttml, error);
  return track;
}

}  // namespace

Outcome<CueTrack> read_xml_captions(std::string_view content) {
  pugi::xml_document doc;
  auto parsed = doc.load_buffer(content.data(), content.size(), pugi::parse_default | pugi::parse_ws_pcdata);
  if (!parsed) {
    return bad_captions(CaptionFormat::srv3,
                        "not valid XML at byte " + std::to_string(parsed.offset) + ": " + parsed.description());
  }
  auto root = doc.document_element();
  auto name = local_name(root);
  if (name == "timedtext") return read_srv3(root.child("body"));
  if (name == "transcript") return read_srv1(root);
  if (name == "tt") return read_ttml(root);
  return bad_captions(CaptionFormat::srv3, "unknown root element <" + std::string(root.name()) + ">");
}

}  // namespace ytm::transcript
