#include "transcript/whisper.hpp"

#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "core/utf8.hpp"
#include "process/process.hpp"
#include "transcript/classify.hpp"
#include "transcript/fetch.hpp"
#include "transcript/parse.hpp"

namespace ytm::transcript {
namespace {

namespace fs = std::filesystem;
using process::ProcessSpec;

std::optional<fs::path> downloaded_audio(const fs::path& folder, const std::string& id) {
  for (const auto& entry : fs::directory_iterator(folder)) {
    auto name = entry.path().filename().string();
    if (name.starts_with(id + ".audio.") && !name.ends_with(".part")) return entry.path();
  }
  return std::nullopt;
}

ProcessSpec spec_for(std::vector<std::string> argv, const fs::path& folder, std::chrono::milliseconds timeout) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.cwd = folder;
  spec.timeout = timeout;
  return spec;
}

Failure step_failed(FailureCode code, const std::string& what, const process::ProcessResult& r) {
  auto tail = r.err.size() > 300 ? r.err.substr(r.err.size() - 300) : r.err;
  if (r.timed_out) return Failure::transient(code, what + " did not finish in time and was stopped");
  return Failure::transient(code, what + " failed with exit code " + std::to_string(r.exit_code) + ": " + tail);
}

std::string whisper_language(const std::string& json_text) {
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_object() && j.contains("result") && j["result"].is_object()) {
    auto lang = j["result"].value("language", std::string());
    if (!lang.empty()) return lang;
  }
  return {};
}

}  // namespace

bool whisper_configured(const config::WhisperSettings& whisper) {
  return !whisper.command.empty() && !whisper.model.empty();
}

Failure with_setting(Failure failure, const char* setting) {
  if (failure.code == FailureCode::command_missing) failure.message += "; the command is set by " + std::string(setting);
  return failure;
}

boost::asio::awaitable<Outcome<Transcript>> transcribe_with_whisper(boost::asio::any_io_executor executor,
                                                                    config::TranscriptSettings settings,
                                                                    fs::path folder, fs::path info_json,
                                                                    VideoMetadata metadata) {
  const auto& whisper = settings.whisper;
  if (!fs::exists(whisper.model))
    co_return Failure::paused(FailureCode::whisper_model_missing, "transcript.whisper.model " + whisper.model + " does not exist");
  const auto& id = metadata.id;
  spdlog::info("{}: no captions, transcribing the audio with whisper.cpp", id);

  std::vector<std::string> audio_argv{settings.command,
                                      "--load-info-json",
                                      info_json.string(),
                                      "-f",
                                      "bestaudio/best",
                                      "--no-progress",
                                      "-o",
                                      "%(id)s.audio.%(ext)s",
                                      "-P",
                                      folder.string()};
  auto shared = ytdlp_shared_args(settings);
  audio_argv.insert(audio_argv.end(), shared.begin(), shared.end());
  auto audio_run = co_await process::run_process(executor, spec_for(audio_argv, folder, settings.timeout));
  if (!audio_run) co_return with_setting(audio_run.failure(), "transcript.command");
  if (audio_run->timed_out || audio_run->exit_code != 0) {
    co_return classify_ytdlp_failure(
        {audio_run->exit_code, audio_run->err, audio_run->timed_out, !settings.cookies_file.empty(), 0});
  }
  auto audio = downloaded_audio(folder, id);
  if (!audio) co_return Failure::transient(FailureCode::ytdlp_failed, "yt-dlp finished but wrote no audio file for " + id);

  const auto wav = folder / (id + ".wav");
  std::vector<std::string> convert_argv{whisper.ffmpeg, "-nostdin", "-hide_banner",  "-loglevel", "error",
                                        "-y",           "-i",       audio->string(), "-ar",       "16000",
                                        "-ac",          "1",        "-c:a",          "pcm_s16le", wav.string()};
  auto convert = co_await process::run_process(executor, spec_for(convert_argv, folder, settings.timeout));
  if (!convert) co_return with_setting(convert.failure(), "transcript.whisper.ffmpeg");
  if (!convert->succeeded()) co_return step_failed(FailureCode::ffmpeg_failed, "ffmpeg", *convert);
  fs::remove(*audio);

  const auto out_base = folder / (id + ".whisper");
  std::vector<std::string> whisper_argv{whisper.command, "-m",  whisper.model,    "-f", wav.string(), "-l", "auto",
                                        "-oj",           "-of", out_base.string()};
  auto transcribe = co_await process::run_process(executor, spec_for(whisper_argv, folder, whisper.timeout));
  if (!transcribe) co_return with_setting(transcribe.failure(), "transcript.whisper.command");
  if (!transcribe->succeeded()) co_return step_failed(FailureCode::whisper_failed, "whisper.cpp", *transcribe);

  auto json_file = fs::path(out_base.string() + ".json");
  if (!fs::exists(json_file))
    co_return Failure::transient(FailureCode::whisper_failed,
                                 "whisper.cpp finished but wrote no " + json_file.filename().string());
  auto text = read_file(json_file).value_or("");
  auto segments = parse_captions(text, CaptionFormat::whisper_json);
  if (!segments) co_return segments.failure();
  Transcript t;
  t.segments = std::move(*segments);
  t.language = whisper_language(valid_utf8(text));
  if (t.language.empty()) t.language = metadata.language;
  t.source = TranscriptSource::whisper;
  t.track_name = valid_utf8("whisper.cpp (" + fs::path(whisper.model).filename().string() + ")");
  co_return t;
}

}  // namespace ytm::transcript
