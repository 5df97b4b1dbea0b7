#pragma once
// The cleaned answer's passes (clean_answer.cpp runs them in order): what real models write into
// an answer besides the translation, taken out before the answer is aligned. Plain functions.
#include <string>
#include <vector>

#include "pipeline/stages/clean_answer.hpp"
#include "pipeline/stages/types.hpp"

namespace ytm::pipeline {

// Thought blocks of reasoning models served without a reasoning parser: <think>…</think>,
// <thinking>…</thinking>, <reasoning>…</reasoning>, empty ones, one left open by an answer cut
// off while thinking, and everything before a closing tag whose opening was in the prompt. A
// text pass: before anything reads the answer, so a stamp quoted in a thought opens no paragraph.
TextPassed drop_thoughts(std::string text);

// A paragraph the answer already gave, written again: the second one dropped.
Passed<AnswerParagraph> drop_repeated_paragraphs(std::vector<AnswerParagraph> paragraphs, const ReadFacts& facts);
// A sentence said three or more times in a row, as a looping model does: said once.
Passed<AnswerParagraph> collapse_looping_sentences(std::vector<AnswerParagraph> paragraphs, const ReadFacts& facts);

}  // namespace ytm::pipeline
