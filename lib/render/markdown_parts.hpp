#pragma once
// Sections of render_markdown that live in their own files.
#include <string>

#include "pipeline/result.hpp"
#include "render/labels.hpp"

namespace ytm::render {

// "## 📝 …" and one "### (start - end) title" per chapter with the paragraphs that start in it,
// each opening with its time as a link when paragraph_times is on; a passage kept as the original
// transcript is introduced by a note saying why.
std::string translation_section(const pipeline::VideoResult& result, const Labels& labels, bool paragraph_times);

// A SponsorBlock segment's note in the translation, where it starts (render/sponsor_notes.cpp).
std::string sponsor_note(const pipeline::VideoResult& result, const pipeline::SponsorSegment& segment,
                         const Labels& labels);
// The footer's SponsorBlock lines: what it did, or that it could not be asked; its credit.
std::string sponsor_footer(const pipeline::VideoResult& result, const Labels& labels);
// A paragraph's speaker as the document writes it: a name as it is, a neutral label ("Guest 2") in
// the labels' language (render/speakers.cpp).
std::string speaker_text(const std::string& label, const Labels& labels);
// The footer's line of who speaks and how each name is known; "" when no paragraph is labelled.
std::string speakers_footer(const pipeline::VideoResult& result, const Labels& labels);

// What the checks of the model's answers took out or changed, one line: "repeated paragraphs 2
// (paragraphs the model wrote twice: kept once); …" in the labels' words where they have them.
std::string cleaned_line(const std::vector<pipeline::PassNote>& passes, const Labels& labels);

}  // namespace ytm::render
