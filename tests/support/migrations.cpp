#include "support/migrations.hpp"

#include <stdexcept>
#include <string>

namespace ytm::test {

std::vector<EmbeddedFile> migrations_before(std::string_view suffix) {
  std::string_view named;
  for (const auto& f : embedded_migrations()) {
    if (f.name.ends_with(suffix)) named = f.name;
  }
  if (named.empty()) throw std::runtime_error("no migration is named *" + std::string(suffix));
  std::vector<EmbeddedFile> before;
  for (const auto& f : embedded_migrations()) {
    if (f.name < named) before.push_back(f);
  }
  return before;
}

}  // namespace ytm::test
