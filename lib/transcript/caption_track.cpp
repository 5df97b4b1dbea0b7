#include "transcript/caption_track.hpp"

#include "core/text.hpp"
#include "transcript/classify.hpp"
#include "transcript/fetch.hpp"
#include "transcript/parse.hpp"
#include "transcript/tracks.hpp"
#include "transcript/ytdlp_run.hpp"

namespace ytm::transcript {
namespace {

namespace fs = std::filesystem;

// The ID.LANG.EXT file yt-dlp wrote for the track, in a format this program reads.
std::optional<fs::path> track_file(const fs::path& folder, const std::string& id, const std::string& language) {
  const auto prefix = id + "." + language + ".";
  for (const auto& entry : fs::directory_iterator(folder)) {
    auto name = entry.path().filename().string();
    if (name.starts_with(prefix) && name.find('.', prefix.size()) == std::string::npos &&
        format_from_extension(entry.path().extension().string()))
      return entry.path();
  }
  return std::nullopt;
}

bool blank(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  return trim(content).empty();
}

std::string video_id_of(const fs::path& info_json) {
  auto name = info_json.filename().string();
  return name.substr(0, name.find(".info.json"));
}

}  // namespace

std::vector<std::string> ytdlp_track_argv(const config::TranscriptSettings& s, const fs::path& info_json,
                                          const std::string& language, bool automatic, const fs::path& folder) {
  AvailableTrack track{language, automatic, {}};
  std::vector<std::string> argv{s.command,
                                "--load-info-json",
                                info_json.string(),
                                "--skip-download",
                                automatic ? "--write-auto-subs" : "--write-subs",
                                "--sub-langs",
                                sub_langs_argument(track),
                                "--sub-format",
                                "json3/vtt/best",
                                "--ignore-no-formats-error",
                                "--no-progress",
                                "-o",
                                "%(id)s.%(ext)s",
                                "-P",
                                folder.string()};
  auto shared = ytdlp_shared_args(s);
  argv.insert(argv.end(), shared.begin(), shared.end());
  return argv;
}

boost::asio::awaitable<Outcome<Transcript>> download_track(boost::asio::any_io_executor executor,
                                                           std::shared_ptr<YtdlpGate> gate,
                                                           config::TranscriptSettings settings, fs::path folder,
                                                           fs::path info_json, AvailableTrack track,
                                                           std::string warning) {
  auto argv = ytdlp_track_argv(settings, info_json, track.language, track.automatic, folder);
  auto run = co_await run_ytdlp(executor, gate, settings, std::move(argv), folder);
  if (!run) co_return run.failure();
  if (auto said = po_token_warning(run->err); !said.empty()) warning = said;

  const auto name = "the " + track.language + " track";
  auto file = track_file(folder, video_id_of(info_json), track.language);
  if (!file) co_return captions_blocked(name + " was listed but yt-dlp wrote no file for it", warning);
  auto content = read_file(*file);
  if (!content)
    co_return Failure::transient(FailureCode::ytdlp_failed, "cannot read the caption file yt-dlp wrote: " + file->string());
  if (blank(*content)) co_return captions_blocked(name + " is an empty file", warning);
  auto format = format_from_extension(file->extension().string());
  auto segments = parse_captions(*content, *format);
  if (!segments) {
    auto failure = segments.failure();
    failure.message = file->filename().string() + ": " + failure.message;
    co_return failure;
  }
  if (segments->empty()) co_return captions_blocked(name + " has no captions in it", warning);

  Transcript t;
  t.segments = std::move(*segments);
  t.language = track.language.ends_with("-orig") ? track.language.substr(0, track.language.size() - 5)
                                                  : track.language;
  t.source = track.automatic ? TranscriptSource::automatic : TranscriptSource::creator;
  t.track_name = track.name.empty() ? track.language : track.name;
  co_return t;
}

}  // namespace ytm::transcript
