#include "core/duration.hpp"
#include "render/markdown.hpp"
#include "render/snippet.hpp"
#include "render/text.hpp"
#include "status/server.hpp"

namespace ytm::status {

std::string search_page(const std::string& words, const std::string& channel,
                        const std::vector<store::SearchHit>& hits) {
  auto terms = store::search_terms(words);
  std::string out = html_start("ytmonitor search: " + words, false);
  out += "<h1><a href=\"/\">ytmonitor</a></h1>" + search_form(words, channel);
  if (terms.empty()) return out + "<p>Type the words to look for.</p></body></html>\n";
  out += "<h2>" + std::to_string(hits.size()) + (hits.size() == 1 ? " match" : " matches") + "</h2><table>";
  for (const auto& h : hits) {
    auto snippet = render::make_snippet(h.text, terms);
    auto url = render::moment_url(h.video_id, h.start);
    auto date = h.published_at ? format_date(*h.published_at) : std::string("?");
    out += "<tr><td>" + render::xml_text(h.title) + "<br><small>" + render::xml_text(h.channel) + " · " + date +
           " · <a href=\"" + render::xml_text(url) + "\">" + format_clock(std::chrono::seconds(h.start)) + "</a> · " +
           render::xml_text(h.kind) + "</small><br>" +
           render::marked_snippet(snippet, "<mark>", "</mark>", render::xml_text) + "</td></tr>";
  }
  return out + "</table></body></html>\n";
}

}  // namespace ytm::status
