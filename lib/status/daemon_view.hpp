#pragma once
// What the running daemon's parts say of themselves on the status page, /api/status, /metrics and
// in daemon-health.json. The service answers it from its workers and health watch, so status
// reads them through this and depends on neither.
#include <string>

#include <nlohmann/json.hpp>

#include "core/time.hpp"

namespace ytm::status {

class DaemonView {
 public:
  virtual ~DaemonView() = default;
  [[nodiscard]] virtual int busy_workers() const = 0;
  [[nodiscard]] virtual std::string paused_reason() const = 0;    // empty while the workers take videos
  [[nodiscard]] virtual nlohmann::json health_checks() const = 0;  // [{check, stage, ok, …}] of the last round
  [[nodiscard]] virtual UnixTime checked_at() const = 0;           // 0 before the first round
  [[nodiscard]] virtual nlohmann::json ytdlp_update() const = 0;   // the last update's record, or null

 protected:
  DaemonView() = default;
  DaemonView(const DaemonView&) = default;
  DaemonView& operator=(const DaemonView&) = default;
};

}  // namespace ytm::status
