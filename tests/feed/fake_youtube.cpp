#include "fake_youtube.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include <nlohmann/json.hpp>

extern char** environ;

namespace ytm::test {
namespace {

std::string read_line(int fd, int timeout_ms) {
  std::string line;
  char c = 0;
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) throw std::runtime_error("fake_youtube did not print its port in time");
    if (read(fd, &c, 1) != 1) throw std::runtime_error("fake_youtube exited before printing its port");
    if (c == '\n') return line;
    line.push_back(c);
  }
}

int connect_loopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("cannot connect to fake_youtube");
  }
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

}  // namespace

FakeYoutube::FakeYoutube(std::vector<std::string> extra_args) {
  std::vector<std::string> args{"python3", std::string(YTM_TESTS_DIR) + "/fakes/fake_youtube", "--port", "0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  int rc = posix_spawnp(&pid_, "python3", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    throw std::runtime_error("cannot start fake_youtube");
  }
  try {
    port_ = std::stoi(read_line(out[0], 15000));
  } catch (...) {
    close(out[0]);
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    throw;
  }
  close(out[0]);
}

FakeYoutube::~FakeYoutube() {
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
}

RawResponse FakeYoutube::exchange(const std::string& request) const {
  int fd = connect_loopback(port_);
  for (std::size_t sent = 0; sent < request.size();) {
    auto n = write(fd, request.data() + sent, request.size() - sent);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  char buf[65536];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) raw.append(buf, static_cast<std::size_t>(n));
  close(fd);
  RawResponse r;
  auto split = raw.find("\r\n\r\n");
  r.head = raw.substr(0, split);
  r.body = split == std::string::npos ? "" : raw.substr(split + 4);
  if (raw.size() > 12) r.status = std::stoi(raw.substr(9, 3));
  return r;
}

RawResponse FakeYoutube::get(const std::string& target, const std::string& extra_headers) const {
  return exchange("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra_headers + "\r\n");
}

RawResponse FakeYoutube::post(const std::string& target, const std::string& json) const {
  return exchange("POST " + target +
                  " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: "
                  "application/json\r\nContent-Length: " +
                  std::to_string(json.size()) + "\r\n\r\n" + json);
}

std::string FakeYoutube::add_channel(const std::string& handle, const std::string& title) const {
  nlohmann::json channel{{"handle", handle}};
  if (!title.empty()) channel["title"] = title;
  auto response = post("/_control/channels", channel.dump());
  if (response.status != 200)
    throw std::runtime_error("fake_youtube refused the channel " + handle + ": " + response.body);
  return nlohmann::json::parse(response.body).at("id").get<std::string>();
}

void FakeYoutube::publish(const std::string& channel_id, const std::string& title, std::int64_t published,
                          const std::string& video_id) const {
  nlohmann::json video{{"title", title}};
  if (published != 0) video["published"] = published;
  if (!video_id.empty()) video["id"] = video_id;
  post("/_control/channels/" + channel_id + "/videos", video.dump());
}

void FakeYoutube::set_behaviour(const std::string& channel_id, const std::string& behaviour_json) const {
  post("/_control/channels/" + channel_id + "/behaviour", behaviour_json);
}

void FakeYoutube::start_outage(int status, double seconds) const {
  nlohmann::json outage{{"status", status}};
  if (seconds > 0) outage["seconds"] = seconds;
  auto response = post("/_control/outage", outage.dump());
  if (response.status != 200) throw std::runtime_error("fake_youtube refused the outage: " + response.body);
}

void FakeYoutube::end_outage() const { start_outage(0); }

}  // namespace ytm::test
