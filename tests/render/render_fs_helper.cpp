// Run by test_output under `unshare -m --propagation private`: mounts a small tmpfs on the
// folder given, makes it full or read-only, renders a stored video into it and prints what
// happened and which files the folder holds, since the mount is invisible outside.
#include <sys/mount.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include <spdlog/spdlog.h>

#include "render/fixtures.hpp"
#include "render/render_store.hpp"
#include "render/render_video.hpp"

using namespace ytm;
namespace fs = std::filesystem;

namespace {

void list(const fs::path& dir) {
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().filename() != "filler") std::printf("file %s\n", fs::relative(e.path(), dir).c_str());
  }
}

void attempt(store::Store& store, const config::Config& config, const std::string& id) {
  auto doc = render::render_video(store, config, id);
  if (doc) {
    std::printf("ok %s\n", doc->path.c_str());
  } else {
    std::printf("failure %s %s %s\n", to_string(doc.failure().kind), doc.failure().code_text().c_str(),
                doc.failure().message.c_str());
  }
}

void fill(const fs::path& file) {
  std::ofstream out(file, std::ios::binary);
  std::string block(4096, 'x');
  while (out.write(block.data(), static_cast<std::streamsize>(block.size()))) {
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  spdlog::set_level(spdlog::level::off);
  std::string scenario = argv[1];
  fs::path mount_point = argv[2];
  store::Store store(argv[3]);
  if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=256k,mode=0755") != 0) {
    std::printf("cannot mount: %s\n", std::strerror(errno));
    return 3;
  }
  auto config = test::render_config(mount_point);
  auto id = test::load_result("zh.json").video.id;
  if (scenario == "full") {
    fs::create_directories(mount_point / "No Priors AI, Machine Learning, Tech, & Startups");
    fill(mount_point / "filler");
    attempt(store, config, id);
    list(mount_point);
    fs::remove(mount_point / "filler");
    attempt(store, config, id);  // the retry once there is room
    list(mount_point);
  } else if (scenario == "readonly") {
    if (::mount(nullptr, mount_point.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) != 0) {
      std::printf("cannot remount: %s\n", std::strerror(errno));
      return 3;
    }
    attempt(store, config, id);
    list(mount_point);
  }
  return 0;
}
