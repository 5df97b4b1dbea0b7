#pragma once
// tests/fakes/fake_sponsorblock on loopback for one test: SponsorBlock's API with the segments and
// misbehaviour (503, slow, not JSON) a test gives it.
#include <string>

#include <nlohmann/json.hpp>

#include "support/loopback_http.hpp"
#include "support/stand_in_process.hpp"

namespace ytm::test {

class FakeSponsorblock {
 public:
  FakeSponsorblock() : server_({YTM_TESTS_DIR "/fakes/fake_sponsorblock", "--port", "0"}), port_(server_.port()) {}
  [[nodiscard]] std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // {"VIDEO_ID": [{"segment": [s, e], "category": …, "videoDuration": …}]}
  void submit(const nlohmann::json& segments) const { loopback_post(port_, "/_control/segments", segments.dump()); }
  // "ok", "error" (503), "slow" (no answer for 60 s), "garbage" (an HTML page)
  void mode(const std::string& mode) const {
    loopback_post(port_, "/_control/mode", nlohmann::json{{"mode", mode}}.dump());
  }
  [[nodiscard]] nlohmann::json requests() const {
    return nlohmann::json::parse(loopback_get(port_, "/_control/requests").body);
  }

 private:
  StandInProcess server_;
  int port_ = 0;
};

}  // namespace ytm::test
