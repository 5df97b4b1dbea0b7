#pragma once
// A video's own glossary: the names and terms the first chunk's notes say it rendered, and how,
// carried by the later chunks' requests and the summary's, so one term is written one way in one
// document. Read tolerantly (models write the list as objects with keys in either language, as
// "A → B" strings, as pairs or as one map); notes without terms simply carry none. Internal to the
// pipeline.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/result.hpp"

namespace ytm::pipeline {

inline constexpr std::size_t max_video_terms = 40;

// The notes schema with an open "terms" property, for reading a translate_notes answer's notes.
nlohmann::json schema_with_terms(const nlohmann::json& notes_schema);
// The terms in a notes object's "terms", deduplicated (a term's first rendering wins), at most
// max_video_terms; entries that are not a term and a rendering of plain text are left out.
Terms read_terms(const nlohmann::json& notes);
// The terms as notes keep them: [{"term", "rendering"}].
nlohmann::json terms_json(const Terms& terms);
// The chunks' terms in chunk order (a term's first rendering wins), without the terms of the
// channel's own glossary, which every request carries already, and without those whose rendering
// the chunk's translation (`written`, one text a chunk) does not hold: a list is checked, not trusted.
Terms video_glossary(const std::vector<nlohmann::json>& notes, const std::vector<std::string>& written,
                     const Terms& channel);
// Parts answered side by side write a name first met after part 1 each their own way, and their
// notes say how. In each part, a rendering its translation holds that differs from the first one
// (the channel's glossary's, then in part order) is replaced by it, unless one of the two holds the
// other or it is shorter than 4 bytes. Returns how many it rewrote.
int unify_renderings(std::vector<std::vector<Paragraph>>& translations, const std::vector<nlohmann::json>& notes,
                     const Terms& channel);
inline constexpr const char* unified_names_pass = "names unified";
// A chunk's translation as one text, to find the renderings its notes claim in.
std::string written_text(const std::vector<Paragraph>& paragraphs);
// What a request carries after its prompt; empty without terms.
std::string terms_block(const Terms& terms);

}  // namespace ytm::pipeline
