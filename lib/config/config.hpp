#pragma once
// The daemon's settings as plain data. Parsing and validation live in loader.hpp; nothing here
// knows about YAML, the network or the store.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ytm::config {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

struct YoutubeSettings {
  std::string base_url = "https://www.youtube.com";
  milliseconds poll_interval = 15min;
  double jitter = 0.2;  // each poll lands within ±20% of the interval
  int max_concurrent_fetches = 4;
  milliseconds request_timeout = 30s;
  std::size_t max_feed_bytes = std::size_t{4} << 20;
  std::string proxy;       // "http://host:port" for HTTP CONNECT; empty for none
  std::string user_agent;  // empty: "ytmonitor/VERSION"
};

struct WhisperSettings {
  std::string command;  // whisper-cli; empty turns the fallback off
  std::string model;    // path to ggml model
  std::string ffmpeg = "ffmpeg";
  milliseconds timeout = 2h;
};

struct TranscriptSettings {
  std::string command = "yt-dlp";
  std::vector<std::string> extra_args;
  std::string cookies_file;
  // ytmonitor's own cookie jar, state_dir/youtube-cookies.txt (set by the loader): every yt-dlp run
  // reads and writes it back when cookies_file is not set, so requests share one visitor session.
  std::filesystem::path cookie_jar;
  std::vector<std::string> languages = {"en"};  // preference order for caption tracks
  milliseconds timeout = 5min;
  milliseconds min_interval = 10s;  // spacing between yt-dlp runs (guest sessions are rate-limited)
  // The JavaScript runtime yt-dlp solves YouTube's challenges with: "auto" (Deno on PATH, else
  // Node, passed as --js-runtimes node), "deno", "node", "bun", "quickjs", NAME:PATH, or "none".
  std::string js_runtime = "auto";
  // "auto": a self-updating release binary is updated daily (`--update-to stable`); "off": never.
  std::string update = "auto";
  WhisperSettings whisper;
};

enum class ModelBackend { claude_cli, anthropic, openai };

// model.prices: a price for models the built-in table (model/pricing) does not know or prices
// differently, matched by the start of the model name; USD per million tokens.
struct ModelPrice {
  std::string model;
  double input_per_million = 0;
  double output_per_million = 0;
  double batch_discount = 0;  // 0.5: batches cost half
};

struct ModelSettings {
  ModelBackend backend = ModelBackend::claude_cli;
  std::string command = "claude";  // claude-cli
  std::string base_url;            // anthropic / openai; empty: the vendor's default
  std::string api_key_env;         // name of the environment variable holding the key
  std::string name = "claude-sonnet-4-5";
  int max_concurrent_requests = 2;
  int max_chunk_tokens = 6000;
  int max_output_tokens = 16000;
  milliseconds timeout = 10min;
  int max_attempts = 4;
  double daily_budget_usd = 0;  // 0: no limit
  // model.batch "auto" (the default for anthropic and openai): each step's first ask goes through
  // the server's batch API at its discount, where the server offers one; "off" (claude-cli's only
  // value): every request on its own. Set by the loader from the backend when not given.
  bool batch = false;
  milliseconds batch_max_wait = 2h;  // past it a batch's open requests are cancelled and sent on their own
  std::vector<ModelPrice> prices;
};


enum class Digest { off, daily, weekly };

struct OutputSettings {
  std::string language = "zh-CN";
  std::string filename = "{channel}/{date} {title}.md";
  bool front_matter = true;
  bool index = true;
  bool paragraph_times = true;  // every translated paragraph opens with its time as a link
  int feed_items = 50;          // newest documents in feed.xml; 0: no feed
  Digest digest = Digest::off;
  bool wikilinks = false;  // people and companies as [[links]]
};

// SponsorBlock (sponsor.ajay.app): the parts of a video its viewers marked as sponsor reads and the
// like, left out of the model's work (skip) or marked in the document (mark).
enum class SponsorAction { skip, mark };

struct SponsorblockSettings {
  std::string base_url = "https://sponsor.ajay.app";
  milliseconds timeout = 10s;  // the one request a video waits for; then it goes on without segments
  std::vector<std::string> categories = {"sponsor", "selfpromo", "interaction"};  // empty: not asked
  SponsorAction action = SponsorAction::skip;
};

struct StatusSettings {
  std::string listen = "127.0.0.1:8787";  // empty turns the status server off
};

struct NotifySettings {
  std::string webhook_url;
  std::vector<std::string> apprise;         // Apprise URLs ("ntfys://topic", "tgram://…"); secrets, never logged
  std::string apprise_command = "apprise";  // Debian's apprise package
};

struct Config {
  std::filesystem::path file;  // where this was read from
  std::filesystem::path subscriptions_file;
  std::filesystem::path state_dir = "/var/lib/ytmonitor";
  std::filesystem::path output_dir;
  std::filesystem::path prompts_dir;  // the config's folder + "/prompts": user overrides
  std::string log_level = "info";
  int workers = 2;
  milliseconds lease = 10min;
  int max_attempts = 5;
  YoutubeSettings youtube;
  TranscriptSettings transcript;
  ModelSettings model;
  OutputSettings output;
  StatusSettings status;
  NotifySettings notify;
  SponsorblockSettings sponsorblock;
};

// The model keys a profile or channel may set; unset ones come from config.yaml's model section.
struct ModelOverride {
  std::optional<ModelBackend> backend;
  std::optional<std::string> command;
  std::optional<std::string> base_url;
  std::optional<std::string> api_key_env;
  std::optional<std::string> name;
  std::optional<int> max_chunk_tokens;
  std::optional<int> max_output_tokens;
  std::optional<milliseconds> timeout;
  std::optional<bool> batch;  // unset: the backend's default when the backend is overridden
  std::optional<milliseconds> batch_max_wait;
};

// One subscription after the defaults block has been applied.
struct Channel {
  std::string id;        // UC… when given or resolved
  std::string handle;    // @name when given
  std::string url;       // any channel or video URL when given
  std::string name;      // display name override
  std::string language;  // output language override; empty: the global one
  std::string include;   // regex on title; empty matches all
  std::string exclude;   // regex on title; empty matches none
  bool skip_shorts = true;
  bool skip_live = false;
  std::chrono::seconds min_duration{0};
  int backfill = 0;
  int line = 0;  // where it stands in the subscriptions file

  // From its profile (profiles: in config.yaml or the subscription list) unless set on the channel.
  std::string profile;                                        // the profile's name; empty: none
  std::vector<std::string> caption_languages;                 // empty: transcript.languages
  std::string instructions;                                   // the owner's words appended to our prompts
  std::vector<std::pair<std::string, std::string>> glossary;  // term → rendering, in every request
  std::vector<std::string> sections;                          // document sections to write; empty: all
  std::vector<std::string> hosts;                             // who hosts the channel: names speakers may get
  ModelOverride model;
  std::optional<std::vector<std::string>> sponsor_categories;
  std::optional<SponsorAction> sponsor_action;
  std::optional<bool> whisper;  // false: no whisper fallback for this channel

  // The form the user wrote, used as a key until the id is known.
  [[nodiscard]] std::string source() const { return !id.empty() ? id : !handle.empty() ? handle : url; }
};

struct Subscriptions {
  std::filesystem::path file;
  std::vector<Channel> channels;
};

const char* to_string(ModelBackend backend);
const char* to_string(SponsorAction action);

// Where TranscriptSettings::cookie_jar lives in a state folder.
inline std::filesystem::path cookie_jar_in(const std::filesystem::path& state_dir) {
  return state_dir / "youtube-cookies.txt";
}

}  // namespace ytm::config
