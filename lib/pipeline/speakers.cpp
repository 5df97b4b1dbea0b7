#include "pipeline/speakers.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include "core/text.hpp"
#include "pipeline/grounding.hpp"

namespace ytm::pipeline {
namespace {

// Normalised words with a space on each side, so a name is found as whole words only.
std::string spaced_words(std::string_view text) {
  std::string out = " ";
  for (const auto& w : normalised_words(text)) out += w + ' ';
  return out;
}

bool mentions(const std::string& spaced_source, std::string_view name) {
  const std::string needle = spaced_words(name);
  return needle.size() > 1 && spaced_source.find(needle) != std::string::npos;
}

// The neutral labels models write, in the languages we write documents in.
constexpr std::string_view host_words[] = {"host", "主持人", "主持"};
constexpr std::string_view guest_words[] = {"guest", "嘉宾", "来宾"};

// 0 for "Guest" without a number, -1 for a word that is no guest label.
int guest_number(std::string_view label) {
  const std::string lower = ascii_lower(label);
  for (auto word : guest_words) {
    if (!std::string_view(lower).starts_with(word)) continue;
    const std::string_view rest = trim(std::string_view(lower).substr(word.size()));
    if (rest.empty()) return 0;
    if (rest.size() > 2 || !std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return -1;
    return std::stoi(std::string(rest));
  }
  return -1;
}

bool host_label(std::string_view label) {
  const std::string lower = ascii_lower(trim(label));
  return std::find(std::begin(host_words), std::end(host_words), lower) != std::end(host_words);
}

class Checker {
 public:
  explicit Checker(const SpeakerMaterial& m) {
    std::string said;
    for (const auto& line : m.lines) {
      said += line.text + "\n";
      if (!line.speaker.empty()) labels_ += " " + spaced_words(line.speaker) + " ";
    }
    sources_ = {{"transcript", spaced_words(said)},
                {"title", spaced_words(m.title)},
                {"description", spaced_words(m.description)}};
    for (const auto& h : m.hosts) hosts_ += " " + spaced_words(h) + " ";
    renderings_ = m.renderings;
  }

  // The label a paragraph keeps and how it is known; "" source: a name the material never shows.
  SpeakerNote judge(const std::string& label) const {
    if (host_label(label)) return {"Host", "unnamed"};
    if (const int n = guest_number(label); n >= 0) return {"Guest " + std::to_string(std::max(n, 1)), "unnamed"};
    const std::string shown = where_shown(label);
    if (!shown.empty()) return {label, shown};
    for (const auto& [term, rendering] : renderings_) {
      if (trim(rendering) == trim(label)) {
        if (const std::string source = where_shown(term); !source.empty()) return {label, source};
      }
    }
    return {label, ""};
  }

 private:
  [[nodiscard]] std::string where_shown(const std::string& name) const {
    if (labels_.find(spaced_words(name)) != std::string::npos) return "captions";
    for (const auto& [source, text] : sources_) {
      if (mentions(text, name)) return source;
    }
    return mentions(hosts_, name) ? "host" : "";
  }

  std::string labels_;
  std::string hosts_;
  std::vector<std::pair<std::string, std::string>> sources_;
  Terms renderings_;
};

}  // namespace

bool is_neutral_speaker(const std::string& label) {
  return label == "Host" || (label.starts_with("Guest ") && guest_number(label) > 0);
}

SpeakerCheck check_speakers(std::vector<Paragraph>& paragraphs, const SpeakerMaterial& material) {
  const Checker checker(material);
  std::map<std::string, SpeakerNote> judged;
  std::vector<std::string> order;
  int last_guest = 0;
  for (const auto& p : paragraphs) {
    if (p.speaker.empty() || judged.contains(p.speaker)) continue;
    const auto note = checker.judge(p.speaker);
    judged[p.speaker] = note;
    order.push_back(p.speaker);
    if (note.source == "unnamed" && note.label != "Host") last_guest = std::max(last_guest, guest_number(note.label));
  }
  // A made-up name becomes a guest numbered after those the model numbered itself.
  SpeakerCheck check;
  for (const auto& label : order) {
    SpeakerNote& note = judged[label];
    if (!note.source.empty()) continue;
    note = {"Guest " + std::to_string(++last_guest), "unnamed"};
    ++check.invented;
  }
  for (auto& p : paragraphs) {
    if (p.speaker.empty()) continue;
    const SpeakerNote& note = judged.at(p.speaker);
    p.speaker = note.label;
    const bool listed = std::any_of(check.speakers.begin(), check.speakers.end(),
                                    [&](const SpeakerNote& s) { return s.label == note.label; });
    if (!listed) check.speakers.push_back(note);
  }
  return check;
}

}  // namespace ytm::pipeline
