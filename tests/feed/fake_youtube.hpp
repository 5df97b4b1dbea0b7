#pragma once
// Runs tests/fakes/fake_youtube on a free loopback port for the life of the object, and talks to it
// over plain HTTP/1.1 (one connection per request) so tests need no client of ours to reach it.
#include <sys/types.h>
#include <cstdint>
#include <string>
#include <vector>

namespace ytm::test {

struct RawResponse {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
};

class FakeYoutube {
 public:
  explicit FakeYoutube(std::vector<std::string> extra_args = {});
  ~FakeYoutube();
  FakeYoutube(const FakeYoutube&) = delete;
  FakeYoutube& operator=(const FakeYoutube&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  RawResponse get(const std::string& target, const std::string& extra_headers = "") const;
  RawResponse post(const std::string& target, const std::string& json) const;

  // A channel on the stand-in, titled as given (the stand-in's own title when empty); its id.
  std::string add_channel(const std::string& handle, const std::string& title = "") const;
  // A video on that channel: published at that Unix time (now when 0), its id made up when empty.
  void publish(const std::string& channel_id, const std::string& title, std::int64_t published = 0,
               const std::string& video_id = "") const;
  // How the channel answers from now on (tests/fakes/fake_youtube: status, times, stall, scope).
  void set_behaviour(const std::string& channel_id, const std::string& behaviour_json) const;
  // Every channel's feed answers `status` (404 with Google's real page; no Retry-After) until
  // end_outage, or for `seconds` when given; channel pages keep working, as in YouTube's outages.
  void start_outage(int status, double seconds = 0) const;
  void end_outage() const;

 private:
  RawResponse exchange(const std::string& request) const;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace ytm::test
