#include "store/word_tokenizer.hpp"

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "core/utf8.hpp"
#include "store/sqlite.hpp"

namespace ytm::store {
namespace {

using TokenCallback = int (*)(void*, int, const char*, int, int, int);

// Letters of the scripts written without spaces. Their punctuation (。，「」・ and full-width
// marks) ends a run like any other punctuation.
bool pairs_up(char32_t c) {
  if (!is_cjk(c)) return false;
  const bool punctuation = (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
                           (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
                           (c >= 0xFF5B && c <= 0xFF65) || c == 0x30FB;
  return !punctuation;
}

struct WordTokenizer {
  fts5_tokenizer unicode61{};
  Fts5Tokenizer* words = nullptr;
};

// unicode61 over a stretch of the text reports offsets into that stretch; FTS5 wants them in the whole.
struct Shifted {
  void* context;
  TokenCallback token;
  int base;
};

int shifted_token(void* shifted, int flags, const char* token, int size, int start, int end) {
  auto* s = static_cast<Shifted*>(shifted);
  return s->token(s->context, flags, token, size, start + s->base, end + s->base);
}

int create(void* api, const char** /*args*/, int /*count*/, Fts5Tokenizer** out) {
  auto* fts5 = static_cast<fts5_api*>(api);
  auto tokenizer = std::make_unique<WordTokenizer>();
  void* user = nullptr;
  if (int rc = fts5->xFindTokenizer(fts5, "unicode61", &user, &tokenizer->unicode61); rc != SQLITE_OK) return rc;
  const char* options[] = {"remove_diacritics", "2"};
  if (int rc = tokenizer->unicode61.xCreate(user, options, 2, &tokenizer->words); rc != SQLITE_OK) return rc;
  *out = reinterpret_cast<Fts5Tokenizer*>(tokenizer.release());
  return SQLITE_OK;
}

void destroy(Fts5Tokenizer* handle) {
  auto* tokenizer = reinterpret_cast<WordTokenizer*>(handle);
  tokenizer->unicode61.xDelete(tokenizer->words);
  delete tokenizer;
}

// Each two neighbouring characters of a run; a run of one is that character.
int pairs(std::string_view text, const std::vector<std::size_t>& starts, void* context, TokenCallback token) {
  const std::size_t characters = starts.size() - 1;
  for (std::size_t i = 0; i + 1 < characters || (characters == 1 && i == 0); ++i) {
    const std::size_t from = starts[i];
    const std::size_t to = starts[std::min(i + 2, characters)];
    int rc = token(context, 0, text.data() + from, static_cast<int>(to - from), static_cast<int>(from),
                   static_cast<int>(to));
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

int tokenize(Fts5Tokenizer* handle, void* context, int flags, const char* data, int size, TokenCallback token) {
  auto* tokenizer = reinterpret_cast<WordTokenizer*>(handle);
  const std::string_view text(data, static_cast<std::size_t>(size));
  auto words = [&](std::size_t from, std::size_t to) {
    if (from == to) return SQLITE_OK;
    Shifted shifted{context, token, static_cast<int>(from)};
    return tokenizer->unicode61.xTokenize(tokenizer->words, &shifted, flags, data + from, static_cast<int>(to - from),
                                          shifted_token);
  };
  std::size_t other_from = 0;
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t at = i;
    if (!pairs_up(next_codepoint(text, i))) continue;
    if (int rc = words(other_from, at); rc != SQLITE_OK) return rc;
    starts.assign(1, at);
    for (std::size_t next = i; i < text.size() && pairs_up(next_codepoint(text, next)); next = i) {
      starts.push_back(i);
      i = next;
    }
    starts.push_back(i);
    if (int rc = pairs(text, starts, context, token); rc != SQLITE_OK) return rc;
    other_from = i;
  }
  return words(other_from, text.size());
}

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(statement, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(statement);
  }
  sqlite3_finalize(statement);
  return api;
}

bool is_word_character(char32_t c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

}  // namespace

bool word_index_finds(std::string_view term) {
  bool word = false;
  std::size_t run = 0;
  for (std::size_t i = 0; i < term.size();) {
    char32_t c = next_codepoint(term, i);
    if (pairs_up(c)) {
      ++run;
      continue;
    }
    if (run == 1) return false;
    run = 0;
    word = word || (is_word_character(c) && !is_cjk(c));
  }
  return run != 1 && (word || run > 1);
}

void register_word_tokenizer(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (api == nullptr) throw SqliteError("this SQLite has no FTS5, which search needs");
  fts5_tokenizer methods{create, destroy, tokenize};
  if (api->xCreateTokenizer(api, "ytm_words", api, &methods, nullptr) != SQLITE_OK) {
    throw SqliteError(std::string("cannot register the search tokenizer: ") + sqlite3_errmsg(db));
  }
}

}  // namespace ytm::store
