#pragma once
// Runs tests/fakes/fake_youtube on a free loopback port for the life of the object, and talks to it
// over plain HTTP/1.1 (one connection per request) so tests need no client of ours to reach it.
#include <sys/types.h>
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

 private:
  RawResponse exchange(const std::string& request) const;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace ytm::test
