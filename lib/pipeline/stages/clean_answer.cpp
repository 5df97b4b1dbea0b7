#include "pipeline/stages/clean_answer.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/text.hpp"
#include "pipeline/measure.hpp"
#include "pipeline/stages/answer_passes.hpp"
#include "pipeline/stages/line_passes.hpp"

namespace ytm::pipeline {
namespace {

// Taken out of the text before anything reads it, in order.
constexpr TextPass text_passes[] = {
    {"thought blocks", drop_thoughts, "the model's reasoning before its answer: removed"}};
// Over the translation's lines once the notes block is split off, before they are read, in order.
constexpr Pass<std::string, ReadFacts> line_passes[] = {
    {"translator's notes", drop_translator_notes, "notes the model added in brackets, not said in the video: removed"},
    {"list items", unlist, "sentences the model set out as a list: back in their paragraph"},
    {"table rows", untable, "a passage the model set out as a table: back into paragraphs"},
    {"pseudo-headings", drop_pseudo_headings, "bold headings the model made up (\"Part 1\"): removed"},
    {"outros", drop_outros, "a closing \"thanks for watching, please subscribe\" the video does not say: removed"},
};
// Over the paragraphs once the answer is read, in order.
constexpr Pass<AnswerParagraph, ReadFacts> answer_passes[] = {
    {"repeated paragraphs", drop_repeated_paragraphs, "paragraphs the model wrote twice: kept once"},
    {"looping sentences", collapse_looping_sentences, "a sentence the model repeated in a loop: said once"},
};

constexpr std::size_t max_chatter_bytes = 300;
constexpr std::size_t max_label_bytes = 60;

bool is_rule(std::string_view t) { return t.size() >= 3 && t.find_first_not_of("-*_=~ ") == std::string_view::npos; }

// Headings, rules, fences and copied chapter markers: never text.
bool is_furniture(std::string_view t) {
  return t.starts_with('#') || t.starts_with("```") || is_rule(t) || t.starts_with("---");
}

std::string_view strip_emphasis(std::string_view t) {
  while (!t.empty() && (t.front() == '*' || t.front() == '_')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == '*' || t.back() == '_')) t.remove_suffix(1);
  return t;
}

bool says_chatter(std::string_view t) {
  static constexpr std::string_view phrases[] = {
      "here is",   "here's",        "here are",     "below is", "i hope",   "hope this", "hope that",  "let me know",
      "feel free", "happy to help", "translation:", "sure!",    "sure,",    "certainly", "of course!", "以下是",
      "下面是",    "翻译如下",      "希望这",       "希望对",   "希望以上", "希望本",    "如需",       "如果您",
      "如有",      "译文：",        "好的，",       "好的！",   "好的。",   "当然！",    "当然，",     "注：",
      "（注",      "note:",         "(note",        "hier ist", "gerne",    "voici"};
  const std::string lower = ascii_lower(t);
  return std::any_of(std::begin(phrases), std::end(phrases),
                     [&](std::string_view p) { return lower.find(p) != std::string::npos; });
}

struct Label {
  std::string name;
  std::size_t length = 0;
  bool bold = false;
};

std::optional<std::size_t> colon_after(std::string_view s) {
  if (s.starts_with(':')) return 1;
  if (s.starts_with("\uFF1A")) return 3;
  return std::nullopt;
}

std::optional<Label> leading_label(std::string_view rest) {
  if (rest.starts_with("**")) {
    const std::size_t end = rest.find("**", 2);
    if (end == std::string_view::npos) return std::nullopt;
    std::string name(trim(rest.substr(2, end - 2)));
    std::size_t length = end + 2;
    if (name.ends_with(':')) {
      name.pop_back();
    } else if (name.ends_with("\uFF1A")) {
      name.resize(name.size() - 3);
    } else if (const auto colon = colon_after(rest.substr(end + 2))) {
      length += *colon;
    } else {
      return std::nullopt;
    }
    name = std::string(trim(name));
    if (name.empty() || name.size() > max_label_bytes) return std::nullopt;
    return Label{name, length, true};
  }
  const std::size_t colon = std::min(rest.find(':'), rest.find("\uFF1A"));
  if (colon == std::string_view::npos || colon == 0 || colon > max_label_bytes) return std::nullopt;
  const std::string name(trim(rest.substr(0, colon)));
  if (name.find_first_of(".,;!?\"[]()") != std::string::npos) return std::nullopt;
  return Label{name, colon + (rest.substr(colon).starts_with(':') ? 1 : 3), false};
}

// Names a model puts in front of a paragraph when the material names nobody.
bool generic_label(std::string_view name) {
  static constexpr std::string_view roots[] = {"speaker", "narrator", "presenter", "sprecher", "redner",
                                               "演讲者",  "讲者",     "说话人",    "发言人",   "讲话者",
                                               "旁白",    "主讲人",   "话者"};
  const std::string lower = ascii_lower(name);
  return std::any_of(std::begin(roots), std::end(roots),
                     [&](std::string_view root) { return lower.starts_with(root) && lower.size() <= root.size() + 3; });
}

class Reader {
 public:
  explicit Reader(const ReadFacts& facts) {
    const Chunk& chunk = facts.chunk;
    for (std::size_t i = chunk.first; i < chunk.last && i < facts.lines.size(); ++i) {
      if (!facts.lines[i].speaker.empty()) add_name(facts.lines[i].speaker);
    }
    for (const auto& name : facts.names) add_name(name);
  }

  void read_block(const std::vector<std::string_view>& block, bool edge, bool last_stamped) {
    const bool stamped = std::any_of(block.begin(), block.end(), [](auto l) { return leading_stamp(l).has_value(); });
    if (!stamped && edge && is_chatter(join(block))) {
      ++answer.dropped_lines;
      return;
    }
    bool seen_stamp = false;
    for (std::size_t i = 0; i < block.size(); ++i) {
      const std::string_view line = block[i];
      if (const auto stamp = leading_stamp(line)) {
        open(*stamp, line.substr(stamp->length));
        seen_stamp = true;
      } else if (is_furniture(line) || (stamped && !seen_stamp && answer.paragraphs.empty() && is_chatter(line)) ||
                 (last_stamped && seen_stamp && i + 1 == block.size() && i > 0 && says_chatter(line) &&
                  line.size() <= max_chatter_bytes)) {
        ++answer.dropped_lines;
      } else {
        add_text(line);
      }
    }
  }

  CleanAnswer answer;

 private:
  static std::string join(const std::vector<std::string_view>& block) {
    std::string text;
    for (auto l : block) text += std::string(l) + "\n";
    return text;
  }

  void add_name(const std::string& name) {
    const std::string key = ascii_lower(name);
    if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.push_back(key);
  }
  [[nodiscard]] bool known(std::string_view name) const {
    return std::find(known_.begin(), known_.end(), ascii_lower(name)) != known_.end();
  }

  void open(const Stamp& stamp, std::string_view rest) {
    AnswerParagraph p{stamp.seconds, "", false, ""};
    ++answer.stamped;
    rest = std::string_view(rest).substr(std::min(rest.size(), rest.find_first_not_of(' ')));
    if (auto label = leading_label(rest)) {
      // A bold label the material does not give is most often the name translated: kept.
      if (known(label->name) || (label->bold && !generic_label(label->name))) {
        p.speaker = label->name;
        rest.remove_prefix(label->length);
      } else if (generic_label(label->name)) {
        ++answer.dropped_labels;
        p.speaker_from_source = true;
        rest.remove_prefix(label->length);
      }
    }
    p.text = trim(rest);
    answer.paragraphs.push_back(std::move(p));
  }

  void add_text(std::string_view line) {
    auto& out = answer.paragraphs;
    if (out.empty()) {
      out.push_back(AnswerParagraph{std::nullopt, "", false, std::string(trim(line))});
      return;
    }
    // A line without a stamp belongs to the paragraph before it.
    std::string& text = out.back().text;
    if (!text.empty()) text += ' ';
    text += trim(line);
  }

  std::vector<std::string> known_;
};

std::vector<std::vector<std::string_view>> blocks_of(std::string_view reply) {
  std::vector<std::vector<std::string_view>> blocks(1);
  std::size_t pos = 0;
  while (pos <= reply.size()) {
    std::size_t eol = reply.find('\n', pos);
    if (eol == std::string_view::npos) eol = reply.size();
    std::string_view line = reply.substr(pos, eol - pos);
    pos = eol + 1;
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    if (line.empty()) {
      if (!blocks.back().empty()) blocks.emplace_back();
    } else {
      blocks.back().push_back(line);
    }
  }
  if (blocks.back().empty()) blocks.pop_back();
  return blocks;
}

}  // namespace

std::optional<Stamp> leading_stamp(std::string_view line) {
  struct Brackets {
    std::string_view open, close;
  };
  static constexpr Brackets forms[] = {{"[", "]"},           {"(", ")"},           {"\u3010", "\u3011"},
                                       {"\uFF3B", "\uFF3D"}, {"\uFF08", "\uFF09"}, {"", ""}};
  const bool bold = line.starts_with("**");
  const std::string_view s = bold ? line.substr(2) : line;
  for (const auto& [open, close] : forms) {
    if (!s.starts_with(open)) continue;
    const std::string_view rest = s.substr(open.size());
    const std::size_t n = std::min(rest.size(), rest.find_first_not_of("0123456789:.,"));
    std::string_view clock = rest.substr(0, n);
    if (close.empty()) {
      while (clock.ends_with('.') || clock.ends_with(',')) clock.remove_suffix(1);
      const bool ends = n == rest.size() || rest[n] == ' ' || rest.substr(n).starts_with("**");
      if (!ends || clock.find(':') == std::string_view::npos) continue;
    } else if (!rest.substr(n).starts_with(close)) {
      continue;
    }
    // Seconds are written with two digits: "3:1" is a ratio, not a stamp.
    const std::string_view whole = clock.substr(0, clock.find_first_of(".,"));
    const auto seconds = parse_clock(clock);
    if (!seconds || whole.size() - whole.rfind(':') != 3) continue;
    std::size_t length = (bold ? 2 : 0) + open.size() + (close.empty() ? clock.size() : n + close.size());
    if (bold && line.substr(length).starts_with("**")) length += 2;
    while (length < line.size() && line[length] == ' ') ++length;
    return Stamp{*seconds, length};
  }
  return std::nullopt;
}

bool is_chatter(std::string_view text) {
  const std::string t(trim(text));
  if (t.empty()) return true;
  if (t.size() > max_chatter_bytes) return false;
  if (t.starts_with('#') || is_rule(t)) return true;
  const std::string_view plain = strip_emphasis(t);
  if (plain.ends_with(':') || plain.ends_with("\uFF1A")) return true;
  return says_chatter(plain);
}

TranslationWithNotes split_notes_block(std::string_view reply) {
  for (const std::string_view opening : {"\n```notes", "\n```json"}) {
    const std::size_t fence = reply.rfind(opening);
    if (fence == std::string_view::npos) continue;
    const std::size_t body = reply.find('\n', fence + 1);
    if (body == std::string_view::npos) break;
    const std::size_t close = reply.find("\n```", body);
    const std::size_t end = close == std::string_view::npos ? reply.size() : close;
    return {reply.substr(0, fence), reply.substr(body + 1, end - body - 1)};
  }
  return {reply, std::nullopt};
}

CleanAnswer read_answer(std::string_view reply, const ReadFacts& facts) {
  const auto blocks = blocks_of(reply);
  std::size_t first_stamped = blocks.size(), last_stamped = 0;
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    if (std::any_of(blocks[k].begin(), blocks[k].end(), [](auto l) { return leading_stamp(l).has_value(); })) {
      first_stamped = std::min(first_stamped, k);
      last_stamped = k;
    }
  }
  Reader reader(facts);
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    const bool edge = k < first_stamped || k > last_stamped || first_stamped == blocks.size();
    reader.read_block(blocks[k], edge, k == last_stamped);
  }
  return std::move(reader.answer);
}

std::string clean_text(std::string_view reply, PassCounts& counts) {
  return run_text_passes(std::string(reply), text_passes, counts);
}

CleanAnswer clean_answer(std::string_view reply, bool with_notes, const ReadFacts& facts, PassCounts& counts) {
  const std::string text = clean_text(reply, counts);
  const auto split = with_notes ? split_notes_block(text) : TranslationWithNotes{text, std::nullopt};
  const std::string translation = join_lines(
      run_passes<std::string, ReadFacts>(split_lines(split.translation), facts, line_passes, counts));
  CleanAnswer answer = read_answer(translation, facts);
  answer.translation = translation;
  if (split.notes) answer.notes = std::string(*split.notes);
  answer.paragraphs = run_passes<AnswerParagraph, ReadFacts>(std::move(answer.paragraphs), facts, answer_passes,
                                                             counts);
  // The reader's own, counted with the passes' so the report shows them alike.
  if (answer.dropped_lines > 0) {
    counts["lead-ins and headings"] += PassTally{
        answer.dropped_lines, "the model's words around its translation (a lead-in, a sign-off, headings): removed"};
  }
  if (answer.dropped_labels > 0) {
    counts["generic speaker labels"] +=
        PassTally{answer.dropped_labels, "labels that name no one (such as \"Speaker 1\"): the transcript's speaker used, or none"};
  }
  return answer;
}

}  // namespace ytm::pipeline
