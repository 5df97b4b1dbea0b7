#include "core/duration.hpp"
#include "render/markdown.hpp"
#include "render/snippet.hpp"
#include "render/escape.hpp"
#include "status/server.hpp"

namespace ytm::status {

namespace {

std::string moment_link(const store::SearchHit& h) {
  return "<a href=\"" + render::xml_text(render::moment_url(h.video_id, h.start)) + "\">" +
         format_clock(std::chrono::seconds(h.start)) + "</a>";
}

std::string more_moments(const std::vector<store::SearchHit>& more) {
  if (more.empty()) return "";
  std::string out = "<br><small>" + std::to_string(more.size()) + " more in this video: ";
  for (std::size_t i = 0; i < more.size(); ++i) out += (i == 0 ? "" : ", ") + moment_link(more[i]);
  return out + "</small>";
}

}  // namespace

std::string search_page(const std::string& words, const std::string& channel,
                        const std::vector<store::VideoMatches>& videos) {
  auto terms = store::search_terms(words);
  std::string out = html_start("ytmonitor search: " + words, false);
  out += "<h1><a href=\"/\">ytmonitor</a></h1>" + search_form(words, channel);
  if (terms.empty()) return out + "<p>Type the words to look for.</p></body></html>\n";
  out += "<h2>" + std::to_string(videos.size()) + (videos.size() == 1 ? " video" : " videos") + "</h2><table>";
  for (const auto& v : videos) {
    const auto& h = v.best;
    auto snippet = render::make_snippet(h.text, terms);
    auto date = h.published_at ? format_date(*h.published_at) : std::string("?");
    out += "<tr><td>" + render::xml_text(h.title) + "<br><small>" + render::xml_text(h.channel) + " · " + date + " · " +
           moment_link(h) + " · " + render::xml_text(h.kind) + "</small><br>" +
           render::marked_snippet(snippet, "<mark>", "</mark>", render::xml_text) + more_moments(v.more) + "</td></tr>";
  }
  return out + "</table></body></html>\n";
}

}  // namespace ytm::status
