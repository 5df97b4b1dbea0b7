#pragma once
// Notices edits to the configuration files with inotify. It watches their folders, not the
// files, because editors save by writing a new file and renaming it over the old one.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace ytm::service {

class ConfigWatch {
 public:
  ConfigWatch(boost::asio::io_context& io, const std::vector<std::filesystem::path>& files,
              std::function<void()> on_change);
  ~ConfigWatch();
  ConfigWatch(const ConfigWatch&) = delete;
  ConfigWatch& operator=(const ConfigWatch&) = delete;

  void start();
  void stop();

 private:
  boost::asio::awaitable<void> watch_loop();
  bool concerns_us(const char* events, std::size_t length) const;

  boost::asio::io_context& io_;
  std::function<void()> on_change_;
  std::set<std::string> names_;  // file names we care about, in any watched folder
  boost::asio::posix::stream_descriptor stream_;
  bool stopped_ = false;
};

}  // namespace ytm::service
