// `ytmonitor doctor` as a user runs it: the real binary against stand-ins (tests/fakes/yt-dlp of
// various ages and installs, Deno and Node stand-ins on PATH, the real claude CLI and the HTTP
// backends pointed at tests/fakes/fake_model, an occupied port, a folder that cannot be written).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/background.hpp"
#include "support/loopback_http.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"
#include "support/ytdlp_version.hpp"

using namespace std::chrono_literals;
using ytm::test::run;
using ytm::test::TempDir;
using Env = std::vector<std::pair<std::string, std::string>>;

namespace {

namespace fs = std::filesystem;

const std::string claude = YTM_SOURCE_DIR "/tests/node/node_modules/.bin/claude";

std::string days_ago(int days) { return ytm::test::ytdlp_version_days_ago(days); }

struct Doctor {
  TempDir dir;
  std::unique_ptr<ytm::test::Background> model;
  int model_port = 0;
  std::string model_section;
  std::string transcript_extra;
  std::string listen = "127.0.0.1:0";
  Env env;

  Doctor() {
    model = std::make_unique<ytm::test::Background>(
        std::vector<std::string>{YTM_TESTS_DIR "/fakes/fake_model", "--port", "0"}, dir / "model.log");
    REQUIRE(ytm::test::eventually([&] { return model->log().find('\n') != std::string::npos; }, 10s));
    model_port = std::stoi(model->log().substr(0, model->log().find('\n')));
    fs::create_directories(dir / "home");
    model_section = "model:\n  backend: claude-cli\n  command: " + claude + "\n";
    env = {{"ANTHROPIC_BASE_URL", base_url()},
           {"ANTHROPIC_API_KEY", "test-key"},
           {"HOME", (dir / "home").string()},
           {"CLAUDE_CONFIG_DIR", (dir / "home/.claude").string()},
           {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"}};
    dir.write("subscriptions.yaml", "channels: []\n");
  }
  [[nodiscard]] std::string base_url() const { return "http://127.0.0.1:" + std::to_string(model_port); }

  ytm::test::RunResult operator()(std::vector<std::string> args = {}) {
    dir.write("config.yaml", "state_dir: state\noutput_dir: out\ntranscript:\n  command: " YTM_TESTS_DIR
                             "/fakes/yt-dlp\n" +
                                 transcript_extra + model_section + "status:\n  listen: '" + listen + "'\n");
    std::vector<std::string> argv{YTM_BINARY, "--config", (dir / "config.yaml").string(), "doctor"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run(argv, env);
    UNSCOPED_INFO(r.out << r.err);
    return r;
  }

  // A folder with these programs (absolute paths, linked) and stand-ins written as scripts;
  // PATH becomes only that folder.
  void path_with(const std::vector<std::string>& programs,
                 const std::vector<std::pair<std::string, std::string>>& fakes) {
    auto bin = dir / "bin";
    fs::create_directories(bin);
    for (const auto& p : programs) fs::create_symlink(p, bin / fs::path(p).filename());
    for (const auto& [name, version_line] : fakes) {
      dir.write("bin/" + name, "#!/bin/sh\necho '" + version_line + "'\n");
      fs::permissions(bin / name, fs::perms::owner_all);
    }
    env.emplace_back("PATH", bin.string());
  }
};

bool has_line(const std::string& out, const std::string& start) {
  return out.find("\n" + start) != std::string::npos || out.rfind(start, 0) == 0;
}

}  // namespace

TEST_CASE("doctor: everything in place passes every check, with the one-token call, and exits 0") {
  Doctor doctor;
  auto r = doctor();
  CHECK(r.exit_code == 0);
  CHECK(has_line(r.out, "✓ configuration: "));
  CHECK(has_line(r.out, "✓ state_dir: "));
  CHECK(has_line(r.out, "✓ output_dir: "));
  CHECK(has_line(r.out, "✓ yt-dlp: " YTM_TESTS_DIR "/fakes/yt-dlp " + days_ago(10) + ", 10 days old"));
  CHECK(has_line(r.out, "✓ js_runtime: "));
  CHECK(has_line(r.out, "✓ model: claude CLI 2.1."));
  CHECK(has_line(r.out, "✓ model_call: a one-token call"));
  CHECK(has_line(r.out, "✓ status_port: "));
  CHECK(r.out.find("✗") == std::string::npos);
  CHECK(has_line(r.out, "Every required check passes."));
  auto stats = nlohmann::json::parse(ytm::test::loopback_get(doctor.model_port, "/_control/stats").body);
  CHECK(stats["total"] == 1);
  CHECK(stats["last"]["max_tokens"] == 16);
}

TEST_CASE("doctor --no-model-call makes no model call") {
  Doctor doctor;
  auto r = doctor({"--no-model-call"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("model_call") == std::string::npos);
  CHECK(has_line(r.out, "Every required check passes (the model call was skipped)."));
  auto stats = nlohmann::json::parse(ytm::test::loopback_get(doctor.model_port, "/_control/stats").body);
  CHECK(stats["total"] == 0);
}

TEST_CASE("doctor: a check that throws ends doctor with the error and a non-zero exit, never a pass") {
  Doctor doctor;
  doctor.env.emplace_back("YTMONITOR_TEST_THROW_IN", "health_checks");
  auto r = doctor({"--no-model-call"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("ytmonitor: test fault thrown in step health_checks") != std::string::npos);
  CHECK(r.out.find("Every required check passes") == std::string::npos);
}

TEST_CASE("doctor: yt-dlp's age warns past 60 days and fails past 180, naming how to update it") {
  Doctor doctor;
  doctor.env.emplace_back("YTM_FAKE_YTDLP_VERSION", days_ago(100));
  auto warned = doctor({"--no-model-call"});
  CHECK(warned.exit_code == 0);
  CHECK(has_line(warned.out, "⚠ yt-dlp: " YTM_TESTS_DIR "/fakes/yt-dlp " + days_ago(100) + ", 100 days old"));
  CHECK(warned.out.find("Fix: install the current release binary") != std::string::npos);
  CHECK(warned.out.find("pip install, not updated by ytmonitor: update it with pipx upgrade yt-dlp") !=
        std::string::npos);

  doctor.env.back().second = "2023.03.04";  // Debian 12's
  auto failed = doctor({"--no-model-call"});
  CHECK(failed.exit_code == 1);
  CHECK(has_line(failed.out, "✗ yt-dlp: " YTM_TESTS_DIR "/fakes/yt-dlp 2023.03.04"));
  CHECK(failed.out.find("YouTube has broken releases this old") != std::string::npos);
  CHECK(has_line(failed.out, "1 required check(s) failed"));

  doctor.env.emplace_back("YTM_FAKE_YTDLP_VARIANT", "zip");  // the release binary
  auto release = doctor({"--no-model-call"});
  CHECK(release.out.find("release binary (zip), updated daily") != std::string::npos);
  CHECK(release.out.find("Fix: run " YTM_TESTS_DIR "/fakes/yt-dlp --update-to stable") != std::string::npos);
}

TEST_CASE("doctor: yt-dlp missing is one line with the commands that install it") {
  Doctor doctor;
  doctor.dir.write("config.yaml", "state_dir: state\ntranscript:\n  command: " + (doctor.dir / "no-yt-dlp").string() +
                                      "\n" + doctor.model_section + "status:\n  listen: ''\n");
  auto r =
      run({YTM_BINARY, "--config", (doctor.dir / "config.yaml").string(), "doctor", "--no-model-call"}, doctor.env);
  INFO(r.out);
  CHECK(r.exit_code == 1);
  CHECK(has_line(r.out, "✗ yt-dlp: "));
  // The commands name the first folder of the daemon's PATH it can write to, as make run's
  // .run/prefix/bin is: followed as written, they put yt-dlp where the daemon finds it.
  auto bin = doctor.dir / "prefix-bin";
  std::filesystem::create_directories(bin);
  doctor.env.emplace_back("PATH", bin.string() + ":/usr/bin:/bin");
  auto on_path =
      run({YTM_BINARY, "--config", (doctor.dir / "config.yaml").string(), "doctor", "--no-model-call"}, doctor.env);
  CHECK(on_path.out.find("Fix: install the current release binary where the daemon looks first: curl -L "
                         "https://github.com/yt-dlp/yt-dlp/releases/latest/download/yt-dlp -o " +
                         bin.string() + "/yt-dlp && chmod +x " + bin.string() + "/yt-dlp") != std::string::npos);
}

TEST_CASE("doctor: the JavaScript runtime yt-dlp needs: none, Deno and Node stand-ins of good and bad versions") {
  SECTION("none on PATH") {
    Doctor doctor;
    doctor.path_with({"/usr/bin/python3"}, {});
    auto r = doctor({"--no-model-call"});
    CHECK(r.exit_code == 1);
    CHECK(has_line(r.out, "✗ js_runtime: no Deno or Node.js on PATH. Fix: install Deno 2"));
  }
  SECTION("Deno 2") {
    Doctor doctor;
    doctor.path_with({"/usr/bin/python3"}, {{"deno", "deno 2.1.4 (stable, release, x86_64-unknown-linux-gnu)"}});
    auto r = doctor({"--no-model-call"});
    CHECK(has_line(r.out, "✓ js_runtime: deno deno 2.1.4"));
  }
  SECTION("Deno 1 is too old") {
    Doctor doctor;
    doctor.path_with({"/usr/bin/python3"}, {{"deno", "deno 1.46.3 (stable, release, x86_64-unknown-linux-gnu)"}});
    auto r = doctor({"--no-model-call"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("✗ js_runtime: deno deno 1.46.3") != std::string::npos);
    CHECK(r.out.find("yt-dlp needs deno 2 or later") != std::string::npos);
  }
  SECTION("Node 22 is passed as --js-runtimes node") {
    Doctor doctor;
    doctor.path_with({"/usr/bin/python3"}, {{"node", "v22.11.0"}});
    auto r = doctor({"--no-model-call"});
    CHECK(has_line(r.out, "✓ js_runtime: node v22.11.0 (passed to yt-dlp as --js-runtimes node)"));
  }
  SECTION("Node 18, Debian 12's, is too old") {
    Doctor doctor;
    doctor.path_with({"/usr/bin/python3"}, {{"node", "v18.19.0"}});
    auto r = doctor({"--no-model-call"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("yt-dlp needs node 20 or later") != std::string::npos);
  }
}

TEST_CASE("doctor: yt-dlp without the yt-dlp-ejs scripts, and a cookies file that is not Netscape format") {
  Doctor doctor;
  doctor.env.emplace_back("YTM_FAKE_YTDLP_NO_EJS", "1");
  doctor.dir.write("cookies.txt", "{\"cookies\": []}\n");
  doctor.transcript_extra = "  cookies_file: cookies.txt\n";
  auto r = doctor({"--no-model-call"});
  CHECK(r.exit_code == 1);
  CHECK(has_line(r.out, "✗ yt-dlp-ejs: "));
  CHECK(has_line(r.out, "✗ cookies: transcript.cookies_file " + (doctor.dir / "cookies.txt").string() +
                            " is not in the Netscape cookie format"));
  doctor.dir.write("cookies.txt", "# Netscape HTTP Cookie File\n.youtube.com\tTRUE\t/\tTRUE\t0\tPREF\tf6=40000000\n");
  doctor.env.pop_back();
  auto fixed = doctor({"--no-model-call"});
  CHECK(fixed.exit_code == 0);
  CHECK(has_line(fixed.out, "✓ cookies: "));
}

TEST_CASE("doctor: a folder that cannot be written and an occupied status port fail with their fix") {
  Doctor doctor;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, 1) == 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const std::string port = std::to_string(ntohs(addr.sin_port));
  doctor.listen = "127.0.0.1:" + port;
  doctor.dir.write("out", "a file where the output folder should be\n");
  auto r = doctor({"--no-model-call"});
  ::close(fd);
  CHECK(r.exit_code == 1);
  CHECK(has_line(r.out, "✗ output_dir: output_dir " + (doctor.dir / "out").string() + ": cannot"));
  CHECK(r.out.find("Fix: create it and give the daemon's user write access") != std::string::npos);
  CHECK(has_line(r.out, "✗ status_port: 127.0.0.1:" + port + " (status.listen) cannot be bound"));
  CHECK(has_line(r.out, "2 required check(s) failed"));
}

TEST_CASE("doctor: the claude CLI without a login or key, and one whose call is refused") {
  Doctor doctor;
  doctor.env.erase(doctor.env.begin() + 1);  // no ANTHROPIC_API_KEY
  auto r = doctor();
  CHECK(r.exit_code == 1);
  CHECK(has_line(r.out, "✗ model: claude CLI 2.1."));
  // The full path, as make run's claude is on the daemon's PATH only.
  CHECK(r.out.find("not logged in and no ANTHROPIC_API_KEY. Fix: run " + claude + " once as the daemon's user") !=
        std::string::npos);
  CHECK(r.out.find("model_call") == std::string::npos);  // nothing to call with

  Doctor refused;
  ytm::test::loopback_post(refused.model_port, "/_control/faults", R"({"auth": true})");
  auto call = refused();
  CHECK(call.exit_code == 1);
  CHECK(has_line(call.out, "✗ model_call: a one-token call failed: "));
  CHECK(call.out.find("Fix: run claude once as the daemon's user and log in") != std::string::npos);
}

TEST_CASE("doctor: the HTTP backends: the key variable, the server reachable, the one-token call") {
  Doctor doctor;
  doctor.model_section = "model:\n  backend: anthropic\n  base_url: " + doctor.base_url() + "\n";
  auto r = doctor();
  CHECK(r.exit_code == 0);
  CHECK(has_line(r.out, "✓ model_key: ANTHROPIC_API_KEY is set"));
  CHECK(has_line(r.out, "✓ model_server: " + doctor.base_url() + " answers"));
  CHECK(has_line(r.out, "✓ model_call: a one-token call to anthropic:"));

  doctor.model_section = "model:\n  backend: openai\n  base_url: http://127.0.0.1:9\n  api_key_env: YTM_NO_SUCH_KEY\n";
  auto down = doctor();
  CHECK(down.exit_code == 1);
  CHECK(has_line(down.out, "✗ model_key: the environment variable YTM_NO_SUCH_KEY (model.api_key_env) is not set"));
  CHECK(has_line(down.out, "✗ model_server: http://127.0.0.1:9 (model.base_url) cannot be reached"));
  CHECK(down.out.find("Fix: start the server (ollama serve") != std::string::npos);

  doctor.model_section = "model:\n  backend: openai\n  base_url: " + doctor.base_url() + "\n  name: llama3\n";
  auto local = doctor();
  CHECK(local.exit_code == 0);
  CHECK(has_line(local.out, "✓ model_call: a one-token call to openai:llama3 answered"));
}

TEST_CASE("doctor: an invalid configuration is one failed line after its FILE:LINE:COLUMN errors, exit 1") {
  Doctor doctor;
  doctor.model_section = "model:\n  backend: claude-cli\n  command: " + claude + "\n  timeout: soon\n";
  auto r = doctor();
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains((doctor.dir / "config.yaml").string() + ":"));
  CHECK_THAT(r.err, Catch::Contains("config.yaml:8:12: 'timeout' must be a duration"));
  CHECK(has_line(r.out, "✗ configuration: 1 error(s) in " + (doctor.dir / "config.yaml").string() +
                            " (listed above). Fix: correct each FILE:LINE:COLUMN above"));
  CHECK(r.out.find("yt-dlp") == std::string::npos);  // nothing else is judged on a configuration not read
}

TEST_CASE("doctor: whisper set up checks whisper-cli, ffmpeg and the model file, each missing with its fix") {
  Doctor doctor;
  doctor.transcript_extra = "  whisper:\n    command: " + (doctor.dir / "no/whisper-cli").string() +
                            "\n    model: models/ggml-base.bin\n    ffmpeg: " + (doctor.dir / "no/ffmpeg").string() +
                            "\n";
  auto missing = doctor({"--no-model-call"});
  CHECK(missing.exit_code == 1);
  CHECK(has_line(missing.out, "✗ whisper: transcript.whisper.command " + (doctor.dir / "no/whisper-cli").string()));
  CHECK(missing.out.find("Fix: build whisper.cpp (its program is whisper-cli)") != std::string::npos);
  CHECK(has_line(missing.out, "✗ ffmpeg: transcript.whisper.ffmpeg " + (doctor.dir / "no/ffmpeg").string()));
  CHECK(missing.out.find("Fix: install it (apt-get install ffmpeg)") != std::string::npos);
  CHECK(has_line(missing.out, "✗ whisper_model: transcript.whisper.model " +
                                  (doctor.dir / "models/ggml-base.bin").string() + " cannot be read"));
  CHECK(missing.out.find("Fix: download a ggml model") != std::string::npos);
  CHECK(has_line(missing.out, "3 required check(s) failed"));

  doctor.dir.write("models/ggml-base.bin", std::string(3 << 20, 'g'));
  doctor.transcript_extra = "  whisper:\n    command: " YTM_TESTS_DIR
                            "/fakes/whisper-cli\n    model: "
                            "models/ggml-base.bin\n    ffmpeg: " YTM_TESTS_DIR "/fakes/ffmpeg\n";
  auto ready = doctor({"--no-model-call"});
  CHECK(ready.exit_code == 0);
  CHECK(has_line(ready.out, "✓ whisper: " YTM_TESTS_DIR "/fakes/whisper-cli"));
  CHECK(has_line(ready.out, "✓ ffmpeg: " YTM_TESTS_DIR "/fakes/ffmpeg"));
  CHECK(has_line(ready.out, "✓ whisper_model: " + (doctor.dir / "models/ggml-base.bin").string() + " (3 MiB)"));
}

namespace {

// doctor with output_dir on a tmpfs of this size, mounted in a private mount namespace.
ytm::test::RunResult doctor_on_tmpfs(Doctor& doctor, const std::string& size) {
  fs::create_directories(doctor.dir / "small");
  doctor.dir.write("config.yaml", "state_dir: state\noutput_dir: small\ntranscript:\n  command: " YTM_TESTS_DIR
                                  "/fakes/yt-dlp\n" +
                                      doctor.model_section + "status:\n  listen: ''\n");
  return run({"unshare", "-m", "--propagation", "private", "/bin/sh", "-c",
              "mount -t tmpfs -o size=" + size + " tmpfs \"$1\" && shift && exec \"$@\"", "sh",
              (doctor.dir / "small").string(), YTM_BINARY, "--config", (doctor.dir / "config.yaml").string(), "doctor",
              "--no-model-call"},
             doctor.env);
}

}  // namespace

TEST_CASE("doctor: free space under 100 MiB fails and under 1 GiB warns, with the fix") {
  Doctor doctor;
  auto full = doctor_on_tmpfs(doctor, "40m");
  INFO(full.out << full.err);
  CHECK(full.exit_code == 1);
  CHECK(has_line(full.out, "✗ output_dir: output_dir " + (doctor.dir / "small").string() +
                               " is writable, 40 MiB free. Fix: free some space there (at least 100 MiB)"));
  auto low = doctor_on_tmpfs(doctor, "300m");
  INFO(low.out << low.err);
  CHECK(low.exit_code == 0);
  CHECK(has_line(low.out, "⚠ output_dir: output_dir " + (doctor.dir / "small").string() +
                              " is writable, 300 MiB free. Fix: free some space there soon"));
}

namespace {

// A loopback port nothing listens on (bound, then closed).
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::vector<nlohmann::json> ytdlp_runs(const fs::path& log) {
  std::vector<nlohmann::json> runs;
  std::istringstream lines(ytm::test::read_file(log));
  for (std::string line; std::getline(lines, line);) runs.push_back(nlohmann::json::parse(line));
  return runs;
}

}  // namespace

TEST_CASE("doctor: the cookie jar every yt-dlp run shares is made in state_dir (0600, Netscape) and reported") {
  Doctor doctor;
  auto r = doctor({"--no-model-call"});
  CHECK(r.exit_code == 0);
  const auto jar = doctor.dir / "state/youtube-cookies.txt";
  CHECK(has_line(r.out, "✓ cookie_jar: " + jar.string() + " (writable; every yt-dlp run reads and updates it"));
  REQUIRE(fs::exists(jar));
  CHECK(ytm::test::read_file(jar).rfind("# Netscape HTTP Cookie File\n", 0) == 0);
  CHECK((fs::status(jar).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);

  fs::permissions(jar, fs::perms::others_read, fs::perm_options::add);
  auto shared = doctor({"--no-model-call"});
  CHECK(has_line(shared.out, "⚠ cookie_jar: " + jar.string()));
  CHECK(shared.out.find("readable by other users. Fix: chmod 600 " + jar.string()) != std::string::npos);

  doctor.dir.write("cookies.txt", "# Netscape HTTP Cookie File\n");
  doctor.transcript_extra = "  cookies_file: cookies.txt\n";
  auto own = doctor({"--no-model-call"});
  CHECK(has_line(
      own.out, "✓ cookie_jar: every yt-dlp run uses transcript.cookies_file " + (doctor.dir / "cookies.txt").string()));
}

TEST_CASE("doctor: the PO-token provider plugin (from yt-dlp -v) and its server (GET /ping) warn when missing") {
  Doctor doctor;
  const int port = closed_port();
  const std::string server = "http://127.0.0.1:" + std::to_string(port);
  doctor.transcript_extra = "  extra_args: ['--extractor-args', 'youtubepot-bgutilhttp:base_url=" + server + "']\n";
  auto missing = doctor({"--no-model-call"});
  CHECK(missing.exit_code == 0);  // warnings: videos still work without one, for a while
  CHECK(has_line(missing.out, "⚠ po_token_plugin: yt-dlp has no plugins (yt-dlp -v: \"Plugin directories: none\")"));
  CHECK(missing.out.find("Fix: install the bgutil-ytdlp-pot-provider plugin (pipx inject yt-dlp "
                         "bgutil-ytdlp-pot-provider") != std::string::npos);
  CHECK(has_line(missing.out, "⚠ po_token_server: no PO-token server answers at " + server + "/ping ("));
  CHECK(missing.out.find("docker run -d --name bgutil-provider") != std::string::npos);
  CHECK(has_line(missing.out, "Every required check passes (the model call was skipped)."));

  ytm::test::Background provider({YTM_TESTS_DIR "/fakes/fake_pot_provider", "--port", "0"}, doctor.dir / "pot.log");
  REQUIRE(ytm::test::eventually([&] { return provider.log().find('\n') != std::string::npos; }, 10s));
  const std::string running = "http://127.0.0.1:" + provider.log().substr(0, provider.log().find('\n'));
  doctor.transcript_extra = "  extra_args: ['--extractor-args', 'youtubepot-bgutilhttp:base_url=" + running + "/']\n";
  doctor.env.emplace_back("YTM_FAKE_YTDLP_PLUGIN_DIR", (doctor.dir / "site-packages/yt_dlp_plugins").string());
  auto installed = doctor({"--no-model-call"});
  CHECK(installed.exit_code == 0);
  CHECK(has_line(installed.out, "✓ po_token_plugin: yt-dlp loads "));
  CHECK(installed.out.find("getpot_bgutil_http") != std::string::npos);
  CHECK(has_line(installed.out, "✓ po_token_server: the PO-token server answers at " + running + " (version 1.3.1)"));

  doctor.transcript_extra.clear();  // the plugin's own default
  auto plain = doctor({"--no-model-call"});
  CHECK(plain.out.find("po_token_server: ") != std::string::npos);
  CHECK(plain.out.find("http://127.0.0.1:4416") != std::string::npos);
}

TEST_CASE("doctor: --js-runtimes goes only to a yt-dlp that accepts it (2025.11.12 and later)") {
  Doctor doctor;
  doctor.path_with({"/usr/bin/python3"}, {{"node", "v22.11.0"}});
  const auto log = doctor.dir / "ytdlp.log";
  doctor.env.emplace_back("YTM_FAKE_YTDLP_LOG", log.string());
  doctor.env.emplace_back("YTM_FAKE_YTDLP_VERSION", "2025.10.22");
  auto old = doctor({"--no-model-call"});
  CHECK(old.out.find("(pip install, not updated by ytmonitor") != std::string::npos);  // `-v` was read
  auto runs = ytdlp_runs(log);
  REQUIRE(runs.size() >= 2);
  for (const auto& argv : runs) CHECK(argv.dump().find("--js-runtimes") == std::string::npos);

  fs::remove(log);
  doctor.env.back().second = days_ago(10);
  auto current = doctor({"--no-model-call"});
  CHECK(current.out.find("(pip install, not updated by ytmonitor") != std::string::npos);
  bool passed = false;
  for (const auto& argv : ytdlp_runs(log))
    passed = passed || argv.dump().find(R"("--js-runtimes","node")") != std::string::npos;
  CHECK(passed);
}
