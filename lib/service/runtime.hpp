#pragma once
// What the daemon and every subcommand build from the configuration, built the same way for all:
// the event loop, the blocking pool, the store, the HTTP client with the youtube settings, and the
// model's backend, prompts and request limit. Each is built when first asked for, so a command that
// only reads the store starts no thread and builds no backend. Free of Asio: every command includes it.
#include <memory>

#include "config/config.hpp"

namespace boost::asio {
class io_context;
}
namespace ytm {
class BlockingPool;
}
namespace ytm::store {
class Store;
}
namespace ytm::net {
class HttpClient;
struct ClientOptions;
}  // namespace ytm::net
namespace ytm::jobs {
class ModelParts;
}
namespace ytm::transcript {
class YtdlpGate;
}

namespace ytm::service {

// The HTTP client's options from youtube.user_agent and youtube.proxy.
net::ClientOptions client_options(const config::Config& config);

class Runtime {
 public:
  explicit Runtime(const config::Config& config);
  ~Runtime();

  boost::asio::io_context& io();  // for one thread, the one that runs it
  BlockingPool& pool();
  store::Store& store();  // state_dir's database; a reload does not move it
  net::HttpClient& http();
  jobs::ModelParts& model();  // throws when the backend cannot be built or a prompt not read
  // The one pace for every yt-dlp run of this process (transcript.min_interval).
  std::shared_ptr<transcript::YtdlpGate> ytdlp_gate();

  // After a reload: the model's parts as jobs::ModelParts::reload says, the yt-dlp gate's pace, and the HTTP client's
  // options when the user agent or proxy changed (requests in flight keep the old ones; a proxy
  // that is refused is logged and the old options stay).
  void reload(const config::Config& config);

  // Once the loop has stopped: the blocking work already handed over runs, then every handler left
  // waiting on the loop (suspended coroutines among them) is destroyed while what it refers to is
  // still alive. The io_context's destructor would do it only after the parts built on it are gone:
  // a heap corrupted at exit (SIGABRT), or a process stuck in it.
  void drain();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace ytm::service
