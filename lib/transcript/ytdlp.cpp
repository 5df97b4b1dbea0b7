#include <ctime>
#include <fstream>
#include <map>
#include <sstream>

#include <spdlog/spdlog.h>

#include "core/temp_folder.hpp"
#include "core/text.hpp"
#include "core/youtube.hpp"
#include "process/process.hpp"
#include "transcript/classify.hpp"
#include "transcript/fetch.hpp"
#include "transcript/metadata.hpp"
#include "transcript/parse.hpp"
#include "transcript/tracks.hpp"
#include "transcript/whisper.hpp"

namespace ytm::transcript {
namespace {

namespace fs = std::filesystem;

// ID.LANG.EXT caption files yt-dlp wrote, by language.
std::map<std::string, fs::path> caption_files(const fs::path& folder, const std::string& id) {
  std::map<std::string, fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    auto name = entry.path().filename().string();
    auto ext = entry.path().extension().string();
    if (!name.starts_with(id + ".") || !format_from_extension(ext)) continue;
    auto language = name.substr(id.size() + 1, name.size() - id.size() - 1 - ext.size());
    if (!language.empty()) files.emplace(language, entry.path());
  }
  return files;
}

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

Outcome<Transcript> read_track(const AvailableTrack& track, const fs::path& file) {
  auto segments = parse_caption_file(file);
  if (!segments) return segments.failure();
  Transcript t;
  t.segments = std::move(*segments);
  t.language = track.language.ends_with("-orig") ? track.language.substr(0, track.language.size() - 5) : track.language;
  t.source = track.automatic ? TranscriptSource::automatic : TranscriptSource::creator;
  t.track_name = track.name.empty() ? track.language : track.name;
  return t;
}

Failure no_captions(const VideoMetadata& m, const std::vector<std::string>& languages) {
  std::string wanted;
  for (const auto& l : languages) wanted += (wanted.empty() ? "" : ", ") + l;
  return Failure::permanent("no_captions",
                            "the video has no captions (neither creator nor automatic) in its own language" +
                                (m.language.empty() ? std::string() : " (" + m.language + ")") + " or in " + wanted +
                                ", and transcript.whisper is not set up to transcribe the audio");
}

}  // namespace

std::vector<std::string> ytdlp_argv(const config::TranscriptSettings& s, const std::string& video_id,
                                    const fs::path& folder) {
  std::vector<std::string> argv{s.command, "--skip-download", "--write-info-json", "--write-subs", "--write-auto-subs",
                                "--sub-langs", sub_langs_argument(s.languages), "--sub-format", "json3/vtt/best",
                                // upcoming streams: the info JSON (with the start time) instead of an error
                                "--ignore-no-formats-error", "--no-progress", "--no-playlist", "-o", "%(id)s.%(ext)s",
                                "-P", folder.string()};
  auto shared = ytdlp_shared_args(s);
  argv.insert(argv.end(), shared.begin(), shared.end());
  argv.emplace_back("--");  // ids may begin with '-'
  argv.push_back(watch_url(video_id));
  return argv;
}

boost::asio::awaitable<Outcome<FetchedVideo>> fetch_video(boost::asio::any_io_executor executor,
                                                          std::shared_ptr<YtdlpGate> gate,
                                                          config::TranscriptSettings settings, std::string video) {
  const auto id = video_id_from(video);
  if (!id) co_return Failure::permanent("bad_video", "not a YouTube video id or URL: \"" + video + "\"");
  if (!settings.cookies_file.empty() && !fs::exists(settings.cookies_file))
    co_return Failure::paused("cookies_missing",
                              "transcript.cookies_file " + settings.cookies_file + " does not exist");

  auto made = TempFolder::create("ytdlp");
  if (!made) co_return made.failure();
  const TempFolder& folder = *made;
  process::ProcessSpec spec;
  spec.argv = ytdlp_argv(settings, *id, folder.path());
  spec.cwd = folder.path();
  spec.timeout = settings.timeout;
  auto turn = co_await gate->turn(executor);
  if (!turn) co_return turn.failure();
  auto run = co_await process::run_process(executor, spec);
  if (!run) co_return with_setting(run.failure(), "transcript.command");
  if (run->timed_out || run->exit_code != 0) {
    auto failure = classify_ytdlp_failure(
        {run->exit_code, run->err, run->timed_out, !settings.cookies_file.empty(), now_seconds()});
    gate->saw(&failure);
    co_return failure;
  }
  gate->saw(nullptr);

  const auto info_file = folder.path() / (*id + ".info.json");
  if (!fs::exists(info_file))
    co_return Failure::transient("ytdlp_failed", "yt-dlp finished but wrote no info JSON for " + *id);
  auto info = parse_info_json(read_file(info_file).value_or(""));
  if (!info) co_return info.failure();
  if (auto live = classify_live_status(info->metadata, now_seconds())) co_return *live;

  FetchedVideo result{info->metadata, {}};
  auto files = caption_files(folder.path(), info->metadata.id);
  std::vector<std::string> usable;
  usable.reserve(files.size());
  for (const auto& [language, path] : files) usable.push_back(language);
  if (auto track = choose_track(*info, settings.languages, usable)) {
    spdlog::debug("{}: using the {} track {}", *id, track->automatic ? "automatic" : "creator", track->language);
    auto transcript = read_track(*track, files.at(track->language));
    if (!transcript) co_return transcript.failure();
    result.transcript = std::move(*transcript);
    co_return result;
  }
  if (!whisper_configured(settings.whisper)) co_return no_captions(info->metadata, settings.languages);
  auto transcript = co_await transcribe_with_whisper(executor, settings, folder.path(), info_file, info->metadata);
  if (!transcript) co_return transcript.failure();
  result.transcript = std::move(*transcript);
  co_return result;
}

}  // namespace ytm::transcript
