#pragma once
#include <string_view>

namespace ytm {

// Logs go to stderr. Under systemd (JOURNAL_STREAM set) each line starts with the kernel-style
// priority prefix "<N>" that journald reads, and carries no timestamp of its own.
void setup_logging(std::string_view level);

}  // namespace ytm
