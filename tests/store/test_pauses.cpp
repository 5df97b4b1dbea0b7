// migrations/015_bot_check_pause.sql: the bot-check pause is found again by the next process, as
// saved last, and is gone once cleared.
#include <catch2/catch.hpp>

#include "store/store.hpp"
#include "support/temp_dir.hpp"

using ytm::store::SavedBotCheckPause;
using ytm::store::Store;
using ytm::test::TempDir;

TEST_CASE("the bot-check pause is kept across processes as last saved, and cleared for good") {
  TempDir dir;
  const SavedBotCheckPause first{1000, 4600, 3600, "Sign in to confirm you're not a bot", "cookies.txt:ab12"};
  const SavedBotCheckPause doubled{1000, 12000, 7200, "Sign in to confirm you're not a bot.", "cookies.txt:ab12"};
  {
    Store store(dir / "ytmonitor.db");
    CHECK_FALSE(store.bot_check_pause().has_value());
    store.save_bot_check_pause(first);
    store.save_bot_check_pause(doubled);
  }
  {
    Store store(dir / "ytmonitor.db");  // as a restart finds it
    CHECK(store.bot_check_pause() == doubled);
    store.save_bot_check_pause(std::nullopt);
  }
  CHECK_FALSE(Store(dir / "ytmonitor.db").bot_check_pause().has_value());
}
