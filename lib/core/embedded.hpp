#pragma once
#include <span>
#include <string_view>

namespace ytm {

// A file compiled into the executable by cmake/Embed.cmake.
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};

std::span<const EmbeddedFile> embedded_migrations();
std::span<const EmbeddedFile> embedded_prompts();

}  // namespace ytm
