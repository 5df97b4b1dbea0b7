// The files the transcript settings name: the cookies file and whisper.cpp's programs and model.
#include <filesystem>
#include <fstream>

#include "health/checks.hpp"
#include "process/process.hpp"

namespace ytm::health {
namespace {

// yt-dlp reads cookies in the Netscape format: a "# Netscape HTTP Cookie File" header, or lines of
// seven tab-separated fields.
bool netscape_cookies(std::istream& in) {
  std::string line;
  int lines = 0;
  while (std::getline(in, line) && lines < 50) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    ++lines;
    if (line.rfind("# Netscape HTTP Cookie File", 0) == 0 || line.rfind("# HTTP Cookie File", 0) == 0) return true;
    if (line.rfind("#HttpOnly_", 0) != 0 && line[0] == '#') continue;
    return std::count(line.begin(), line.end(), '\t') == 6;
  }
  return false;
}

CheckResult cookies_check(const std::string& file) {
  CheckResult r;
  r.name = "cookies";
  r.stage = Stage::transcript;
  std::ifstream in(file);
  if (!in) {
    r.level = Level::fail;
    r.summary = "transcript.cookies_file " + file + " cannot be read";
    r.fix =
        "export your YouTube cookies there (yt-dlp wiki: Exporting YouTube cookies) readable by the daemon's user, "
        "or remove transcript.cookies_file";
    return r;
  }
  if (!netscape_cookies(in)) {
    r.level = Level::fail;
    r.summary = "transcript.cookies_file " + file + " is not in the Netscape cookie format yt-dlp reads";
    r.fix = "export it again with a cookies.txt exporter (the first line reads # Netscape HTTP Cookie File)";
    return r;
  }
  r.summary = "transcript.cookies_file " + file + " is readable, Netscape format";
  return r;
}

CheckResult program_check(const char* name, const std::string& command, const char* setting, const char* fix) {
  CheckResult r;
  r.name = name;
  auto found = process::find_program(command);
  if (!found) {
    r.level = Level::fail;
    r.summary = std::string(setting) + " " + command + ": " + found.failure().message;
    r.fix = fix;
  } else {
    r.summary = *found;
  }
  return r;
}

}  // namespace

std::vector<CheckResult> check_transcript_files(const config::TranscriptSettings& t) {
  std::vector<CheckResult> out;
  if (!t.cookies_file.empty()) out.push_back(cookies_check(t.cookies_file));
  if (!t.cookies_file.empty() || !t.cookie_jar.empty()) out.push_back(check_cookie_jar(t));
  if (t.whisper.command.empty()) return out;
  out.push_back(program_check("whisper", t.whisper.command, "transcript.whisper.command",
                              "build whisper.cpp (its program is whisper-cli) and point transcript.whisper.command at "
                              "it, or remove the whisper section"));
  out.push_back(program_check("ffmpeg", t.whisper.ffmpeg, "transcript.whisper.ffmpeg",
                              "install it (apt-get install ffmpeg) or set transcript.whisper.ffmpeg"));
  CheckResult model;
  model.name = "whisper_model";
  std::ifstream in(t.whisper.model, std::ios::binary);
  char magic[4] = {};
  if (!in || !in.read(magic, 4)) {
    model.level = Level::fail;
    model.summary = "transcript.whisper.model " + t.whisper.model + " cannot be read";
    model.fix = "download a ggml model (whisper.cpp: models/download-ggml-model.sh base) and set its path";
  } else {
    model.summary =
        t.whisper.model + " (" + std::to_string(std::filesystem::file_size(t.whisper.model) >> 20) + " MiB)";
  }
  out.push_back(model);
  return out;
}

}  // namespace ytm::health
