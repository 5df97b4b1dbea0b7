#pragma once
// The cleaned answer's line passes (clean_answer.cpp runs them on the translation's lines, after the
// notes block is split off and before the lines are read): what models format a long translation
// into, turned back into the lines of paragraphs, and what they add to it, taken out. Each line is
// one item; an empty one separates blocks. Plain functions.
#include <string>
#include <vector>

#include "pipeline/stages/clean_answer.hpp"
#include "pipeline/stages/types.hpp"

namespace ytm::pipeline {

using Lines = std::vector<std::string>;

// "（译注：…）", "(Translator's note: …)" inside a line taken out; a line that is only a note dropped.
Passed<std::string> drop_translator_notes(Lines lines, const ReadFacts& facts);
// "- ", "* ", "• ", "1. ", "2) ", "3、", "(4) " list markers taken off, so an item with a stamp
// opens its paragraph and one without continues it.
Passed<std::string> unlist(Lines lines, const ReadFacts& facts);
// A Markdown table: its header and rule rows dropped, each other row one line of its cells.
Passed<std::string> untable(Lines lines, const ReadFacts& facts);
// A short bold line that is not a sentence, a stamp or a speaker's name ("**第 1 部分**", "**Part
// 2: Energy**"): dropped; a bold sentence on its own line is kept without its bold.
Passed<std::string> drop_pseudo_headings(Lines lines, const ReadFacts& facts);
// Unstamped lines at the end that thank for watching and ask to like and subscribe ("感谢收看！
// 请点赞、订阅…"), unless the end of the chunk's transcript says so itself.
Passed<std::string> drop_outros(Lines lines, const ReadFacts& facts);

// The lines of a text and back ("\n" between them).
Lines split_lines(std::string_view text);
std::string join_lines(const Lines& lines);

}  // namespace ytm::pipeline
