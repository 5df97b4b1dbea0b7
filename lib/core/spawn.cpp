#include "core/spawn.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>

#include "core/exception_text.hpp"

namespace ytm {

void spawn_logged(const boost::asio::any_io_executor& executor, boost::asio::awaitable<void> task, std::string what,
                  std::function<void()> on_error) {
  boost::asio::co_spawn(executor, std::move(task),
                        [what = std::move(what), on_error = std::move(on_error)](const std::exception_ptr& e) {
                          if (!e) return;
                          spdlog::error("{} ended by an error: {}", what, exception_text(e));
                          if (on_error) on_error();
                        });
}

}  // namespace ytm
