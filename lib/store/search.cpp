#include <algorithm>
#include <map>

#include "core/text.hpp"
#include "core/utf8.hpp"
#include "store/store.hpp"
#include "store/word_tokenizer.hpp"

namespace ytm::store {
namespace {

// An FTS5 string: the whole term, quotes doubled, so nothing in it is query syntax.
std::string fts_phrase(std::string_view term) {
  std::string out = "\"";
  for (char c : term) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

// A LIKE pattern matching the term anywhere, with % _ and \ taken literally.
std::string like_pattern(std::string_view term) {
  std::string out = "%";
  for (char c : term) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

// A word in more passages than this is ranked among its newest this many: ranking costs a lookup
// per passage, and a common word is in half of them (seconds at 5,000 videos).
constexpr int kRankedAtMost = 1000;
// A filter that leaves at most this many videos, or a channel filter that names at most this many
// channels, is handed to the word index: an OR of this many tokens costs about 0.1 ms a token.
constexpr int kVideosNarrowed = 64;
constexpr int kChannelsNarrowed = 16;

// How a query is answered: which FTS5 table, with what MATCH, and the terms that table cannot
// look up, which are matched by reading the passages (LIKE).
struct Lookup {
  std::string table;        // empty: no term can be looked up, every passage is read
  std::string score = "0";  // the SQL of the rank
  bool by_video = false;    // the table also indexes each passage's video
  std::string match;
  std::vector<std::string> read;
};

void add_phrase(Lookup& lookup, const std::string& phrase) {
  lookup.match += (lookup.match.empty() ? "" : " AND ") + phrase;
}

// Whole words, case and accents folded, and Chinese or Japanese by pairs of characters; a
// trailing * asks for every word it begins.
Lookup by_words(const std::vector<std::string>& terms) {
  Lookup lookup{"search_words", "bm25(search_words, 1.0, 0.0)", true, {}, {}};
  for (auto term : terms) {
    bool prefix = term.size() > 1 && term.back() == '*';
    if (prefix) term.pop_back();
    if (word_index_finds(term)) {
      add_phrase(lookup, "text : " + fts_phrase(term) + (prefix ? "*" : ""));
    } else {
      lookup.read.push_back(std::move(term));
    }
  }
  return lookup;
}

// Any substring of three characters or more: pieces of words ("transcri").
Lookup by_substrings(const std::vector<std::string>& terms) {
  Lookup lookup{"search_index", "bm25(search_index)", false, {}, {}};
  for (const auto& term : terms) {
    if (count_codepoints(term) >= 3) {
      add_phrase(lookup, fts_phrase(term));
    } else {
      lookup.read.push_back(term);
    }
  }
  return lookup;
}

std::string video_filters(const SearchQuery& q) {
  std::string sql;
  if (!q.channel.empty()) sql += "AND (v.channel_id = ?2 OR c.title LIKE ?3 ESCAPE '\\') ";
  if (q.since) sql += "AND coalesce(v.published_at, v.discovered_at) >= ?4 ";
  return sql;
}

// The joins and filters every form of the query shares. Parameters: ?1 the MATCH, ?2 and ?3 the
// channel, ?4 the date, ?5 the first passage ranked, ?6 on the terms read.
std::string joined(const Lookup& lookup, const SearchQuery& q) {
  std::string sql = lookup.table.empty()
                        ? "FROM search_passages p "
                        : "FROM " + lookup.table + " JOIN search_passages p ON p.id = " + lookup.table + ".rowid ";
  sql += "LEFT JOIN videos v ON v.id = p.video_id LEFT JOIN channels c ON c.id = v.channel_id WHERE 1 ";
  if (!lookup.table.empty()) sql += "AND " + lookup.table + " MATCH ?1 ";
  for (std::size_t i = 0; i < lookup.read.size(); ++i) {
    sql += "AND p.text LIKE ?" + std::to_string(6 + i) + " ESCAPE '\\' ";
  }
  return sql + video_filters(q);
}

void bind_video_filters(Statement& st, const SearchQuery& q) {
  if (!q.channel.empty()) st.bind(2, q.channel).bind(3, like_pattern(q.channel));
  if (q.since) st.bind(4, *q.since);
}

void bind(Statement& st, const Lookup& lookup, const SearchQuery& q) {
  if (!lookup.table.empty()) st.bind(1, lookup.match);
  bind_video_filters(st, q);
  for (std::size_t i = 0; i < lookup.read.size(); ++i) {
    st.bind(static_cast<int>(6 + i), like_pattern(lookup.read[i]));
  }
}

// The tokens of the video column (migration 009) that a query's filters leave: at most `most`,
// nullopt when there are more.
std::optional<std::vector<std::string>> few_tokens(const Connection& db, const std::string& select,
                                                   const SearchQuery& q, int most) {
  Statement st(db, select + " FROM videos v LEFT JOIN channels c ON c.id = v.channel_id WHERE 1 " + video_filters(q) +
                       "LIMIT " + std::to_string(most + 1));
  bind_video_filters(st, q);
  std::vector<std::string> tokens;
  while (st.step()) tokens.push_back(st.text(0));
  if (tokens.size() > static_cast<std::size_t>(most)) return std::nullopt;
  return tokens;
}

std::string any_of(const std::vector<std::string>& tokens) {
  std::string match;
  for (const auto& t : tokens) match += (match.empty() ? "(video_id : " : " OR video_id : ") + fts_phrase(t);
  return match + ")";
}

// A channel or date filter as a MATCH on the video column: the videos it leaves when they are few,
// else the channels it names; "" when neither narrows (or there is no filter); nullopt when no
// video is left.
std::optional<std::string> narrowed(const Connection& db, const SearchQuery& q) {
  if (q.channel.empty() && !q.since) return "";
  auto videos = few_tokens(db, "SELECT 'v' || hex(v.id)", q, kVideosNarrowed);
  if (videos) return videos->empty() ? std::nullopt : std::optional(any_of(*videos));
  if (q.channel.empty()) return "";
  auto channels = few_tokens(db, "SELECT DISTINCT 'c' || hex(v.channel_id)", q, kChannelsNarrowed);
  return channels ? any_of(*channels) : "";
}

// The id of the newest passage that matches and passes the filters beyond kRankedAtMost; ranking
// starts after it. nullopt when fewer match.
std::optional<std::int64_t> ranked_from(const Connection& db, const Lookup& lookup, const SearchQuery& q) {
  Statement st(db, "SELECT " + lookup.table + ".rowid " + joined(lookup, q) + "ORDER BY " + lookup.table +
                       ".rowid DESC LIMIT 1 OFFSET " + std::to_string(kRankedAtMost));
  bind(st, lookup, q);
  if (!st.step()) return std::nullopt;
  return st.integer(0);
}

// Whether the indexed terms occur together in any passage, filters aside.
bool occurs(const Connection& db, const Lookup& lookup) {
  if (lookup.match.empty()) return false;
  Statement st(db, "SELECT 1 FROM " + lookup.table + " WHERE " + lookup.table + " MATCH ?1 LIMIT 1");
  st.bind(1, lookup.match);
  return st.step();
}

std::vector<SearchHit> find(const Connection& db, Lookup lookup, const SearchQuery& q) {
  const auto limit = std::to_string(std::clamp(q.limit, 1, 1000));
  if (lookup.match.empty()) lookup = Lookup{{}, "0", false, {}, std::move(lookup.read)};
  std::optional<std::int64_t> after;
  if (!lookup.table.empty()) {
    if (lookup.by_video) {
      auto filter = narrowed(db, q);
      if (!filter) return {};
      if (!filter->empty()) lookup.match = "(" + lookup.match + ") AND " + *filter;
    }
    after = ranked_from(db, lookup, q);
  }
  // Fixed SQL pieces only; every value from the user is a bound parameter.
  std::string sql =
      "SELECT p.video_id, coalesce(nullif(v.title, ''), p.video_id), "
      "coalesce(nullif(c.title, ''), v.channel_id, ''), v.published_at, p.kind, p.start, p.text, " +
      lookup.score + " AS score " + joined(lookup, q);
  if (after) sql += "AND " + lookup.table + ".rowid > ?5 ";  // on the index's rowid, so FTS5 starts there
  // Read without an index, the newest passages come first and the reading stops at the limit.
  sql +=
      lookup.table.empty() ? "ORDER BY p.id DESC " : "ORDER BY score, coalesce(v.published_at, v.discovered_at) DESC ";
  Statement st(db, sql + "LIMIT " + limit);
  bind(st, lookup, q);
  if (after) st.bind(5, *after);
  std::vector<SearchHit> hits;
  while (st.step()) {
    hits.push_back({st.text(0), st.text(1), st.text(2), st.optional_integer(3), st.text(4),
                    static_cast<int>(st.integer(5)), st.text(6), st.real(7)});
  }
  return hits;
}

}  // namespace

std::vector<VideoMatches> group_by_video(std::vector<SearchHit> hits, int videos) {
  std::vector<VideoMatches> out;
  std::map<std::string, std::size_t> index;
  for (auto& hit : hits) {
    auto found = index.find(hit.video_id);
    if (found != index.end()) {
      out[found->second].more.push_back(std::move(hit));
    } else if (static_cast<int>(out.size()) < videos) {
      index.emplace(hit.video_id, out.size());
      out.push_back({std::move(hit), {}});
    }
  }
  return out;
}

int passages_for_videos(int videos) { return std::min(videos * 10, 1000); }

std::vector<std::string> search_terms(std::string_view text) {
  std::vector<std::string> terms;
  std::string current;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && is_ascii_space(c)) {
      if (!current.empty()) terms.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) terms.push_back(std::move(current));
  return terms;
}

std::vector<SearchHit> Store::search(const SearchQuery& q) const {
  const auto terms = search_terms(q.text);
  if (terms.empty()) return {};
  std::lock_guard lock(mutex_);
  // Words that are no whole word anywhere may be pieces of words ("transcri"): the substring index.
  if (auto words = by_words(terms); occurs(*db_, words)) return find(*db_, std::move(words), q);
  return find(*db_, by_substrings(terms), q);
}

SearchIndexSize Store::search_index_size() const {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "SELECT (SELECT count(*) FROM search_passages), "
               "(SELECT coalesce(sum(length(CAST(text AS BLOB))), 0) FROM search_passages), "
               "(SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'search_index%'), "
               "(SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'search_words%'), "
               "(SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'search_passages%')");
  st.step();
  return {st.integer(0), st.integer(1), st.integer(2), st.integer(3), st.integer(4)};
}

}  // namespace ytm::store
