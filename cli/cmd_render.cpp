#include <cstdio>

#include "command.hpp"
#include "pipeline/checkpoints.hpp"
#include "render/render_video.hpp"
#include "store/store.hpp"

namespace ytm::cli {
namespace {

struct RenderOptions {
  std::string video;
  bool all = false;
};

// Every video with a stored result, whatever its state (a write that failed leaves it waiting).
std::vector<std::string> rendered_videos(const store::Store& store) {
  std::vector<std::string> ids;
  for (const auto& v : store.videos(std::nullopt, 1000000)) {
    if (pipeline::checkpoint::has_result(store, v.id)) ids.push_back(v.id);
  }
  return ids;
}

int render(const GlobalOptions& global, const RenderOptions& options) {
  if (options.video.empty() == !options.all) {
    std::fprintf(stderr, "ytmonitor render: give a video id, or --all for every finished video\n");
    return exit_unavailable;
  }
  auto loaded = set_up_reading(global, "render");
  if (!loaded) return exit_failure;
  auto& store = loaded->runtime.store();
  auto ids = options.all ? rendered_videos(store) : std::vector<std::string>{options.video};
  int failed = 0;
  for (const auto& id : ids) {
    auto document = render::render_video(store, loaded->config, id);
    if (!document) {
      ++failed;
      std::fprintf(stderr, "%s: %s (%s)\n", id.c_str(), document.failure().message.c_str(),
                   document.failure().code_text().c_str());
      continue;
    }
    std::printf("%s: %s\n", id.c_str(), document->path.c_str());
    if (!document->note.empty()) std::printf("%s: note: %s\n", id.c_str(), document->note.c_str());
  }
  if (options.all)
    std::printf("%zu document%s written, %d failed\n", ids.size() - static_cast<std::size_t>(failed),
                ids.size() - static_cast<std::size_t>(failed) == 1 ? "" : "s", failed);
  return failed == 0 ? exit_ok : exit_failure;
}

}  // namespace

void add_render(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto* cmd = app.add_subcommand("render", "rebuild documents from stored results, without the model");
  static RenderOptions options;
  cmd->add_option("video", options.video, "video id");
  cmd->add_flag("--all", options.all, "every finished video");
  cmd->callback([&action, &global] { action = [&global] { return render(global, options); }; });
}

}  // namespace ytm::cli
