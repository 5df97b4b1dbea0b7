#pragma once
#include <string_view>
// The tokenizer of the word index (migrations/008_search_words.sql), registered on every
// connection: SQLite cannot write a passage, nor read the index, without it.
struct sqlite3;

namespace ytm::store {

// "ytm_words": words as unicode61 splits them (case and accents folded); in scripts written without
// spaces (Chinese, Japanese, Korean) every two neighbouring characters, so a word of two
// characters is one entry and a longer one a phrase of overlapping pairs.
void register_word_tokenizer(sqlite3* db);

// Whether the word index finds term where it occurs: it holds a letter or digit, and no character
// of those scripts stands alone (one character is in no pair; "模" must be looked for by reading).
bool word_index_finds(std::string_view term);

}  // namespace ytm::store
