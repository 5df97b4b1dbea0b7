#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <filesystem>

#include "command.hpp"
#include "core/log.hpp"
#include "core/run_to_end.hpp"
#include "core/utf8.hpp"
#include "core/youtube.hpp"
#include "service/runtime.hpp"
#include "transcript/fetch.hpp"
#include "transcript/format.hpp"
#include "transcript/parse.hpp"

namespace ytm::cli {
namespace {

namespace fs = std::filesystem;

struct TranscriptOptions {
  std::string source;
  bool json = false;
};

int fail(const Failure& failure) {
  std::fprintf(stderr, "ytmonitor transcript: %s (%s, %s)\n", failure.message.c_str(), failure.code_text().c_str(),
               to_string(failure.kind));
  return exit_failure;
}

void print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

int from_file(const fs::path& file, bool json) {
  auto segments = transcript::parse_caption_file(file);
  if (!segments) return fail(segments.failure());
  if (json) {
    transcript::Transcript t;
    t.segments = std::move(*segments);
    t.track_name = valid_utf8(file.filename().string());  // a file name may be any bytes
    print(transcript::to_json_text(t));
  } else {
    print(transcript::format_transcript_lines(*segments));
  }
  return exit_ok;
}

// The configuration of --config when that file exists; the built-in defaults when the default
// path is simply absent (so the command works before ytmonitor is set up).
std::optional<config::Config> transcript_config(const GlobalOptions& global) {
  if (global.config_path == GlobalOptions{}.config_path && !fs::exists(global.config_path)) return config::Config{};
  auto loaded = load_config(global);
  if (!loaded) return std::nullopt;
  return loaded->config;
}

int from_video(const GlobalOptions& global, const TranscriptOptions& options) {
  auto config = transcript_config(global);
  if (!config) return exit_failure;
  service::Runtime runtime(*config);
  auto& io = runtime.io();
  const auto fetched = run_to_end(
      io, transcript::fetch_video(io.get_executor(), runtime.ytdlp_gate(), config->transcript, options.source));
  if (!fetched) return fail(fetched.failure());
  const auto& video = fetched.value();
  const auto& t = video.transcript;
  std::fprintf(stderr, "%s: \"%s\" by %s; %s captions \"%s\" (%s), %zu segments\n", video.metadata.id.c_str(),
               video.metadata.title.c_str(), video.metadata.channel.c_str(), transcript::to_string(t.source),
               t.track_name.c_str(), t.language.c_str(), t.segments.size());
  print(options.json ? transcript::to_json_text(t, &video.metadata) : transcript::format_transcript_lines(t.segments));
  return exit_ok;
}

int run_transcript(const GlobalOptions& global, const TranscriptOptions& options) {
  setup_logging(global.log_level.empty() ? "warn" : global.log_level);
  std::error_code ec;
  if (fs::is_regular_file(options.source, ec)) return from_file(options.source, options.json);
  if (!video_id_from(options.source)) {
    std::fprintf(stderr, "ytmonitor transcript: \"%s\" is neither a caption file nor a YouTube video URL or id\n",
                 options.source.c_str());
    return exit_failure;
  }
  return from_video(global, options);
}

}  // namespace

void add_transcript(CLI::App& app, const GlobalOptions& global, Action& action) {
  static TranscriptOptions options;
  auto* cmd = app.add_subcommand("transcript", "print the transcript of a video or caption file as [mm:ss] lines");
  cmd->add_option("source", options.source, "video URL or id, or a caption file (json3, vtt, srv3, ttml, whisper JSON)")
      ->required();
  cmd->add_flag("--json", options.json, "print JSON (metadata and segments) instead of lines");
  cmd->callback([&action, &global] { action = [&global] { return run_transcript(global, options); }; });
}

}  // namespace ytm::cli
