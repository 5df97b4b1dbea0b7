#pragma once
// Plain HTTP/1.1 to a stand-in server on 127.0.0.1 (one connection per request), so a test can
// drive a stand-in without going through the client it is testing.
#include <string>

namespace ytm::test {

struct LoopbackResponse {
  int status = 0;
  std::string head;
  std::string body;
};

LoopbackResponse loopback_get(int port, const std::string& target);
LoopbackResponse loopback_post(int port, const std::string& target, const std::string& json);

}  // namespace ytm::test
