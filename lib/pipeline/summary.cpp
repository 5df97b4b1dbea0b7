#include "pipeline/summary.hpp"

#include <cmath>

namespace ytm::pipeline {
namespace {

using nlohmann::json;

int seconds(const json& v) { return static_cast<int>(std::lround(v.get<double>())); }

}  // namespace

json empty_notes() { return json{{"points", json::array()}, {"quotes", json::array()}, {"names", json::array()}}; }

void merge_notes(json& into, const json& more) {
  for (const char* list : {"points", "quotes", "names", "terms"}) {
    for (const auto& item : more.value(list, json::array())) into[list].push_back(item);
  }
}

Summary summary_from_json(const json& v) {
  Summary s;
  s.intro = v.value("intro", "");
  s.tldr = v.value("tldr", "");
  s.video_type = v.value("video_type", "");
  for (const auto& c : v.value("chapters", json::array())) {
    s.chapters.push_back({seconds(c["start"]), seconds(c["end"]), c.value("title", ""), c.value("summary", "")});
  }
  for (const auto& a : v.value("arguments", json::array())) {
    s.arguments.push_back({a.value("title", ""), a.value("content", ""),
                           a.value("key_concepts", std::vector<std::string>{}), a.value("practical_meaning", "")});
  }
  for (const auto& c : v.value("companies", json::array())) {
    s.companies.push_back({c.value("name", ""), c.value("context", ""), c.value("importance", 1), true});
  }
  for (const auto& q : v.value("quotes", json::array())) {
    s.quotes.push_back(
        {q.value("text", ""), q.value("translation", ""), q.value("speaker", ""), seconds(q["timestamp"])});
  }
  for (const auto& p : v.value("people", json::array())) {
    s.people.push_back(
        {p.value("name", ""), p.value("identity", ""), p.value("background", ""), p.value("views", ""), true});
  }
  return s;
}

}  // namespace ytm::pipeline
