#pragma once
// The first failure of any step of a video: every other step stops before its next call. The one
// thing the concurrent steps of a video share that changes (std::shared_ptr<Stop>, owned by the
// video's pipeline). Internal to the pipeline.
#include <memory>
#include <optional>

#include "core/failure.hpp"

namespace ytm::pipeline {

class Stop {
 public:
  void fail(const Failure& failure) {
    if (!first_) first_ = failure;
  }
  [[nodiscard]] const std::optional<Failure>& failure() const { return first_; }

 private:
  std::optional<Failure> first_;
};
using StopRef = std::shared_ptr<Stop>;

}  // namespace ytm::pipeline
