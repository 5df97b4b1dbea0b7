// `ytmonitor glossary CHANNEL` as a user runs it: the daemon does two talks that name their guest in
// every chunk, against a stand-in model that says in its notes how it rendered the name; then the
// command reads what the store collected, as a real subprocess.
#include <catch2/catch.hpp>

#include "e2e_fixture.hpp"
#include "store/store.hpp"
#include "support/run.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using ytm::test::EndToEnd;
using ytm::test::eventually;
using ytm::test::ytmonitor;

TEST_CASE("ytmonitor glossary shows the renderings two videos chose for their recurring guest, ready to adopt") {
  EndToEnd e;
  auto talks = e.add_channel("@talks", "An old video");
  // Chunks of 1,200 tokens: each 13-minute talk (about 3,500) comes in three, summarised from their notes.
  const auto subscriptions = "profiles:\n  short_chunks:\n    model: {max_chunk_tokens: 1200}\nchannels:\n  - {id: " +
                             talks + ", profile: short_chunks}\n";
  e.dir.write("subscriptions.yaml", subscriptions);
  e.model_faults(json{{"vary_names", "Jensen Huang"}, {"propose_terms", true}});
  const std::string config = (e.dir / "config.yaml").string();
  {
    auto daemon = e.start_daemon();
    REQUIRE(daemon->wait_for_log("ytmonitor " YTM_VERSION " running", 15s));
    REQUIRE(eventually([&] { return ytm::store::Store(e.database()).channel(talks).has_value(); }, 15s));
    e.publish(talks, "guest000001", "Gears with Jensen, part one");
    e.publish(talks, "guest000002", "Gears with Jensen, part two");
    const bool both = eventually([&] { return e.video_done("guest000001") && e.video_done("guest000002"); }, 100s);
    INFO(daemon->log());
    REQUIRE(both);
  }
  const auto title = ytm::store::Store(e.database()).channel(talks)->title;

  auto shown = ytmonitor({"--config", config, "glossary", "@talks"});
  INFO(shown.err);
  REQUIRE(shown.exit_code == 0);
  CHECK(shown.out == "Names and terms the model rendered for " + title + " (" + talks +
                         "), the most videos first:\n"
                         "  Jensen Huang → Jensen·Huang (2 videos)\n"
                         "\n"
                         "To adopt them, add these lines to the channel's glossary_file (terms in 2 videos or more, "
                         "not in its glossary yet; the rendering most videos chose):\n"
                         "\"Jensen Huang\": \"Jensen·Huang\"\n");
  auto as_json = ytmonitor({"--config", config, "glossary", talks, "--json"});
  REQUIRE(as_json.exit_code == 0);
  const auto terms = json::parse(as_json.out);
  REQUIRE(terms.size() == 1);
  CHECK(terms[0]["term"] == "Jensen Huang");
  CHECK(terms[0]["renderings"] == json::parse(R"([{"rendering":"Jensen·Huang","videos":2}])"));
  CHECK(terms[0]["videos"] == 2);
  CHECK(terms[0]["in_glossary"] == false);

  // The owner adopts the line: the term shows as in the glossary, and nothing is left to adopt.
  e.dir.write("talks-glossary.yaml", "\"Jensen Huang\": \"Jensen·Huang\"\n");
  e.dir.write("subscriptions.yaml", "profiles:\n  short_chunks:\n    model: {max_chunk_tokens: 1200}\n"
                                    "    glossary_file: talks-glossary.yaml\nchannels:\n  - {id: " +
                                        talks + ", profile: short_chunks}\n");
  auto adopted = ytmonitor({"--config", config, "glossary", "@talks"});
  REQUIRE(adopted.exit_code == 0);
  CHECK(adopted.out == "Names and terms the model rendered for " + title + " (" + talks +
                           "), the most videos first:\n"
                           "  Jensen Huang → Jensen·Huang (2 videos); in the glossary as Jensen·Huang\n"
                           "\n"
                           "No term of 2 videos or more outside the channel's glossary to adopt.\n");

  auto unknown = ytmonitor({"--config", config, "glossary", "@nobody"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err == "ytmonitor glossary: no channel '@nobody' among the subscriptions in " +
                           (e.dir / "subscriptions.yaml").string() + " or the channels in " +
                           e.database().string() + "\n");
  auto elsewhere = ytmonitor({"--config", config, "--state-dir", (e.dir / "nowhere").string(), "glossary", "@talks"});
  CHECK(elsewhere.exit_code == 1);
  CHECK(elsewhere.err.find("ytmonitor glossary: no database in " + (e.dir / "nowhere").string()) == 0);
  CHECK_FALSE(std::filesystem::exists(e.dir / "nowhere"));
}
