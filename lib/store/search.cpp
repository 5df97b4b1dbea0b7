#include <algorithm>

#include "store/store.hpp"

namespace ytm::store {
namespace {

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

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

}  // namespace

std::vector<std::string> search_terms(std::string_view text) {
  std::vector<std::string> terms;
  std::string current;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
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
  std::vector<std::string> long_terms;
  std::vector<std::string> short_terms;
  for (auto& t : search_terms(q.text)) (code_points(t) >= 3 ? long_terms : short_terms).push_back(std::move(t));
  if (long_terms.empty() && short_terms.empty()) return {};

  // Fixed SQL pieces only; every value from the user is a bound parameter.
  std::string match;
  for (const auto& t : long_terms) match += (match.empty() ? "" : " ") + fts_phrase(t);
  bool filtered = !short_terms.empty() || !q.channel.empty() || q.since;
  auto limit = std::to_string(std::clamp(q.limit, 1, 1000));
  std::string sql =
      "SELECT p.video_id, coalesce(nullif(v.title, ''), p.video_id), "
      "coalesce(nullif(c.title, ''), v.channel_id, ''), v.published_at, p.kind, p.start, p.text, h.score ";
  // FTS5 ranks its matches itself (ORDER BY rank): without filters only the best few are joined.
  sql += match.empty() ? "FROM (SELECT id, 0 AS score FROM search_passages) h "
                       : "FROM (SELECT rowid AS id, rank AS score FROM search_index WHERE search_index MATCH ?1 "
                         "ORDER BY rank" +
                             std::string(filtered ? "" : " LIMIT " + limit) + ") h ";
  sql +=
      "JOIN search_passages p ON p.id = h.id LEFT JOIN videos v ON v.id = p.video_id "
      "LEFT JOIN channels c ON c.id = v.channel_id WHERE 1 ";
  for (std::size_t i = 0; i < short_terms.size(); ++i) {
    sql += "AND p.text LIKE ?" + std::to_string(5 + i) + " ESCAPE '\\' ";
  }
  if (!q.channel.empty()) sql += "AND (v.channel_id = ?2 OR c.title LIKE ?3 ESCAPE '\\') ";
  if (q.since) sql += "AND coalesce(v.published_at, v.discovered_at) >= ?4 ";
  sql += match.empty() ? "ORDER BY coalesce(v.published_at, v.discovered_at) DESC, p.start "
                       : "ORDER BY h.score, coalesce(v.published_at, v.discovered_at) DESC ";
  sql += "LIMIT " + limit;

  std::lock_guard lock(mutex_);
  Statement st(*db_, sql);
  if (!match.empty()) st.bind(1, match);
  if (!q.channel.empty()) st.bind(2, q.channel).bind(3, like_pattern(q.channel));
  if (q.since) st.bind(4, *q.since);
  for (std::size_t i = 0; i < short_terms.size(); ++i) st.bind(static_cast<int>(5 + i), like_pattern(short_terms[i]));
  std::vector<SearchHit> hits;
  while (st.step()) {
    hits.push_back({st.text(0), st.text(1), st.text(2), st.optional_integer(3), st.text(4),
                    static_cast<int>(st.integer(5)), st.text(6), st.real(7)});
  }
  return hits;
}

SearchIndexSize Store::search_index_size() const {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "SELECT (SELECT count(*) FROM search_passages), "
               "(SELECT coalesce(sum(length(CAST(text AS BLOB))), 0) FROM search_passages), "
               "(SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'search_index%'), "
               "(SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'search_passages%')");
  st.step();
  return {st.integer(0), st.integer(1), st.integer(2), st.integer(3)};
}

}  // namespace ytm::store
