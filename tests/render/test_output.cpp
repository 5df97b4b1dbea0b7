// Writing into output_dir: atomic files, symlinks that point out, disk full and read-only
// folders, re-rendering from a real store without overwriting a document the user edited.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "core/hash.hpp"
#include "render/fixtures.hpp"
#include "render/index.hpp"
#include "render/markdown.hpp"
#include "render/output_dir.hpp"
#include "render/render_store.hpp"
#include "render/render_video.hpp"
#include "support/run.hpp"

using namespace ytm;
using namespace ytm::render;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> files_below(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Fixture {
  test::TempDir tmp;
  fs::path out = tmp / "out";
  store::Store store{tmp / "state" / "ytmonitor.db"};
  config::Config config = test::render_config(out);
  pipeline::VideoResult zh = test::load_result("zh.json");
  std::string expected_path =
      "No Priors AI, Machine Learning, Tech, & Startups/2026-01-08 NVIDIA’s Jensen Huang on "
      "Reasoning Models, Robotics, and Refuting the “AI Bubble” Narrative.md";
  Fixture() { test::store_result(store, zh); }
};

}  // namespace

TEST_CASE("render_video writes the document, records its hash and lists it in index.md", "[render]") {
  Fixture f;
  auto doc = render_video(f.store, f.config, f.zh.video.id);
  REQUIRE(doc.ok());
  CHECK(doc->path == f.expected_path);
  CHECK(doc->note.empty());
  auto content = test::read_file(f.out / doc->path);
  CHECK(content == render_markdown(f.zh, RenderOptions{}));
  auto record = f.store.document(f.zh.video.id);
  REQUIRE(record);
  CHECK(record->path == doc->path);
  CHECK(record->content_hash == sha256_hex(content));
  auto index = test::read_file(f.out / "index.md");
  CHECK(index.find("- 2026-01-08 · No Priors: AI, Machine Learning, Tech, & Startups · [NVIDIA’s Jensen Huang") !=
        std::string::npos);
  CHECK(index.find("](No%20Priors%20AI%2C%20Machine%20Learning%2C%20Tech%2C%20%26%20Startups/2026-01-08%20NVIDIA") !=
        std::string::npos);
  CHECK(files_below(f.out) == std::vector<std::string>{f.expected_path, "feed.xml", "index.md", "ytmonitor.base"});
}

TEST_CASE("index.md lists the newest video first", "[render]") {
  Fixture f;
  auto older = test::load_result("en.json");
  older.video.id = "older000001";
  older.video.title = "Older talk";
  older.video.published -= 86400 * 30;
  test::store_result(f.store, older);
  REQUIRE(render_video(f.store, f.config, older.video.id).ok());
  REQUIRE(render_video(f.store, f.config, f.zh.video.id).ok());
  auto index = test::read_file(f.out / "index.md");
  CHECK(index.find("NVIDIA’s") < index.find("Older talk"));
  CHECK(index.find("- 2025-12-09 ·") != std::string::npos);
}

TEST_CASE("re-rendering leaves an edited document alone and writes a sibling with a note", "[render]") {
  Fixture f;
  REQUIRE(render_video(f.store, f.config, f.zh.video.id).ok());
  auto edited = test::read_file(f.out / f.expected_path) + "\nmy own notes\n";
  f.tmp.write("out/" + f.expected_path, edited);

  f.config.output.front_matter = false;  // something that changes the rendering
  auto doc = render_video(f.store, f.config, f.zh.video.id);
  REQUIRE(doc.ok());
  auto sibling = f.expected_path.substr(0, f.expected_path.size() - 3) + " (ytmonitor).md";
  CHECK(doc->path == sibling);
  CHECK(test::read_file(f.out / f.expected_path) == edited);
  CHECK(test::read_file(f.out / sibling).rfind("# NVIDIA", 0) == 0);
  auto record = f.store.document(f.zh.video.id);
  REQUIRE(record);
  CHECK(record->path == f.expected_path);
  CHECK(record->note.find("edited") != std::string::npos);
  CHECK(record->note.find(sibling) != std::string::npos);

  // Once the user deletes their copy, the document is theirs to get back, note cleared.
  fs::remove(f.out / f.expected_path);
  REQUIRE(render_video(f.store, f.config, f.zh.video.id).ok());
  CHECK(f.store.document(f.zh.video.id)->note.empty());
  CHECK(fs::exists(f.out / f.expected_path));
}

TEST_CASE("an unedited document is rewritten in place, and moved after a template change", "[render]") {
  Fixture f;
  REQUIRE(render_video(f.store, f.config, f.zh.video.id).ok());
  f.config.output.front_matter = false;
  REQUIRE(render_video(f.store, f.config, f.zh.video.id)->path == f.expected_path);
  CHECK(test::read_file(f.out / f.expected_path).rfind("# NVIDIA", 0) == 0);
  f.config.output.filename = "{channel_id}/{id}.md";
  auto moved = render_video(f.store, f.config, f.zh.video.id);
  REQUIRE(moved.ok());
  CHECK(moved->path == "UCSI7h9hydQ40K5MJHnCrQvw/k-xtmISBCNE.md");
  CHECK(files_below(f.out) ==
        std::vector<std::string>{"UCSI7h9hydQ40K5MJHnCrQvw/k-xtmISBCNE.md", "feed.xml", "index.md", "ytmonitor.base"});
}

TEST_CASE("two videos with the same name, or a file that is not ours, get the video id added", "[render]") {
  Fixture f;
  auto twin = f.zh;
  twin.video.id = "twin0000001";
  test::store_result(f.store, twin);
  REQUIRE(render_video(f.store, f.config, f.zh.video.id)->path == f.expected_path);
  auto second = render_video(f.store, f.config, twin.video.id);
  REQUIRE(second.ok());
  CHECK(second->path == f.expected_path.substr(0, f.expected_path.size() - 3) + " (twin0000001).md");

  Fixture g;
  g.tmp.write("out/" + g.expected_path, "a note the user wrote");
  auto doc = render_video(g.store, g.config, g.zh.video.id);
  REQUIRE(doc.ok());
  CHECK(doc->path.find(" (k-xtmISBCNE).md") != std::string::npos);
  CHECK(test::read_file(g.out / g.expected_path) == "a note the user wrote");
}

TEST_CASE("a symlinked folder pointing out of output_dir is refused, nothing written outside", "[render]") {
  Fixture f;
  fs::create_directories(f.out);
  fs::create_directories(f.tmp / "outside");
  fs::create_directory_symlink(f.tmp / "outside", f.out / "No Priors AI, Machine Learning, Tech, & Startups");
  auto doc = render_video(f.store, f.config, f.zh.video.id);
  REQUIRE_FALSE(doc.ok());
  CHECK(doc.failure().code == ytm::FailureCode::output_path);
  CHECK(doc.failure().message.find("symbolic link") != std::string::npos);
  CHECK(fs::is_empty(f.tmp / "outside"));
  CHECK_FALSE(f.store.document(f.zh.video.id));

  auto dir = OutputDir::open(f.out.string());
  REQUIRE(dir.ok());
  CHECK(dir->write("../escape.md", "x").failure().code == ytm::FailureCode::output_path);
  CHECK(dir->write("a/../../escape.md", "x").failure().code == ytm::FailureCode::output_path);
  CHECK_FALSE(fs::exists(f.tmp / "escape.md"));
}

TEST_CASE("a symlink at the document's name is replaced, not followed", "[render]") {
  test::TempDir tmp;
  auto victim = tmp.write("victim.txt", "precious");
  fs::create_directories(tmp / "out");
  fs::create_symlink(victim, tmp / "out" / "doc.md");
  auto dir = OutputDir::open((tmp / "out").string());
  REQUIRE(dir.ok());
  REQUIRE(dir->write("doc.md", "new").ok());
  CHECK(test::read_file(victim) == "precious");
  CHECK(fs::is_regular_file(fs::symlink_status(tmp / "out" / "doc.md")));
}

TEST_CASE("a full disk fails the write cleanly and the retry succeeds once there is room", "[render]") {
  test::TempDir tmp;
  fs::create_directories(tmp / "mnt");
  auto db = tmp / "ytmonitor.db";
  {
    store::Store store(db);
    test::store_result(store, test::load_result("zh.json"));
  }
  auto run = test::run(
      {"unshare", "-m", "--propagation", "private", RENDER_FS_HELPER, "full", (tmp / "mnt").string(), db.string()});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  auto first_ok = run.out.find("\nok ");
  auto failure = run.out.find("failure transient output_write cannot write ");
  REQUIRE(failure == 0);
  CHECK(run.out.find("No space left on device") != std::string::npos);
  // Between the failure and the retry the folder holds no document, partial or temp file.
  auto first_line_end = run.out.find('\n');
  auto between = run.out.substr(first_line_end, first_ok - first_line_end);
  CHECK(between == "\nfile No Priors AI, Machine Learning, Tech, & Startups");
  CHECK(between.find(".md") == std::string::npos);
  CHECK(between.find(".tmp") == std::string::npos);
  CHECK(run.out.find("file No Priors AI, Machine Learning, Tech, & Startups/2026-01-08 NVIDIA", first_ok) !=
        std::string::npos);
  CHECK(run.out.find(".tmp") == std::string::npos);
  store::Store store(db);
  CHECK(store.step("k-xtmISBCNE", "result"));
  CHECK(store.document("k-xtmISBCNE"));
}

TEST_CASE("a read-only output folder fails the write with the path and reason", "[render]") {
  test::TempDir tmp;
  fs::create_directories(tmp / "mnt");
  auto db = tmp / "ytmonitor.db";
  {
    store::Store store(db);
    test::store_result(store, test::load_result("zh.json"));
  }
  auto run = test::run(
      {"unshare", "-m", "--propagation", "private", RENDER_FS_HELPER, "readonly", (tmp / "mnt").string(), db.string()});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.rfind("failure transient output_write cannot write " + (tmp / "mnt").string(), 0) == 0);
  CHECK(run.out.find("Read-only file system") != std::string::npos);
  CHECK(run.out.find("\nfile ") == std::string::npos);
  store::Store store(db);
  CHECK(store.step("k-xtmISBCNE", "result"));
  CHECK_FALSE(store.document("k-xtmISBCNE"));
}
