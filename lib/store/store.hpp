#pragma once
// The queue and everything else the daemon keeps: channels, videos and their states, leases,
// step checkpoints, model calls, written documents. The only place with SQL.
//
// Methods block (SQLite) and are safe to call from any thread: the daemon calls them on its
// blocking pool, command-line tools call them directly. Other processes (ytmonitor status,
// ytmonitor process) may open the same file at the same time (WAL).
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/failure.hpp"
#include "core/process_identity.hpp"
#include "core/time.hpp"
#include "store/batch_records.hpp"
#include "store/call_records.hpp"
#include "store/glossary_records.hpp"
#include "store/pause_records.hpp"
#include "store/sponsor_records.hpp"
#include "store/sqlite.hpp"

namespace ytm::store {

enum class VideoState { seen, skipped, queued, processing, waiting, done, failed };
const char* to_string(VideoState state);
std::optional<VideoState> parse_video_state(std::string_view text);

struct ChannelRecord {
  std::string id;
  std::string title;
  std::string source;
  UnixTime first_seen_at = 0;
  std::optional<UnixTime> last_poll_at;
  std::string last_result = "never";
  std::string last_error;
  int consecutive_failures = 0;
  std::optional<UnixTime> not_found_since;
  std::optional<UnixTime> next_poll_at;
  std::string etag;
  std::string last_modified;
  std::string body_hash;
};

// What one poll of a channel's feed came to.
struct PollOutcome {
  UnixTime at = 0;
  std::string result;  // "ok", "unchanged", or a failure code
  std::string error;   // empty when fine
  std::optional<UnixTime> next_poll_at;
  std::string etag, last_modified, body_hash;  // kept unchanged when empty
  bool not_found = false;
};

struct NewVideo {
  std::string id;
  std::string channel_id;
  std::string title;
  std::string link;
  std::optional<UnixTime> published_at;
  bool is_short = false;
  std::string origin = "feed";  // feed, backfill, gap, listing (while the feeds fail), manual
  VideoState state = VideoState::queued;
  std::string reason;  // why it is seen or skipped
};

struct VideoRecord {
  std::string id;
  std::string channel_id;
  std::string title;
  std::string link;
  std::optional<UnixTime> published_at;
  bool is_short = false;
  std::string origin;
  VideoState state = VideoState::queued;
  std::string reason;
  std::string failure_code;
  int attempts = 0;
  std::optional<UnixTime> next_attempt_at;
  UnixTime discovered_at = 0;
  UnixTime updated_at = 0;
  std::optional<UnixTime> finished_at;
  // Deaths of its process in a row at one point of its work (crash_point), each taken back at the
  // next claim: crashes while its own work ran, kills while it waited on the model.
  int crashes = 0;
  int kills = 0;
  std::string crash_point;
};

struct Lease {
  std::string video_id;
  std::string owner;
  UnixTime expires_at = 0;
  int attempt = 0;  // 1 for the first try
};

// Who claims: the lease's owner name and the process behind it, recorded with the lease so a later
// claim can tell that its owner is gone.
struct Claimant {
  std::string owner;
  ProcessIdentity process;
  // A video whose own work ended with its process (a crash, kill -9) this many times in a row at
  // the same point is failed `crashed` instead of claimed again; 0: no limit.
  int max_attempts = 0;
};

// A video taken back from a process that died while it held it.
struct Death {
  std::string video_id;
  bool waiting = false;  // a model call of it was in flight: not its fault, the attempt is given back
  int crashes = 0;       // deaths in a row at this point while its own work ran, this one included
  std::string point;     // how far its saved steps had come: "after step transcript (1 saved)"
};

struct Claim {
  std::optional<Lease> lease;
  std::vector<Death> deaths;         // videos taken back from dead owners by this claim
  std::vector<std::string> crashed;  // videos failed as `crashed` by this claim
};

// A finished step, stored with the hash of its inputs so a changed input is never mistaken for it.
struct Step {
  std::string video_id;
  std::string name;  // "transcript", "translate/3", "summary", "result"
  std::string input_hash;
  std::string prompt_version;
  std::string model;
  std::string output;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0;
  UnixTime created_at = 0;
  double list_cost_usd = 0;
};

struct DocumentRecord {
  std::string video_id;
  std::string path;  // relative to output_dir
  std::string content_hash;
  UnixTime written_at = 0;
  std::string note;
};

// A document with what a feed or digest shows of it.
struct DocumentSummary {
  std::string video_id;
  std::string path;  // relative to output_dir
  std::string title;
  std::string channel;  // the channel's name, or its id when the name is unknown
  std::string tldr;
  std::optional<UnixTime> published_at;
  UnixTime written_at = 0;
};

// One notification in the outbox: what to say, and to which configured target.
struct Notification {
  std::int64_t id = 0;
  std::string subject;      // the video id, or "digest:2026-01-08"
  std::string target;       // "webhook", "apprise"
  std::string target_hash;  // SHA-256 of the target's URL (the URL itself is never stored)
  std::string label;        // "apprise tgram://…": the target as status shows it
  std::string title;
  std::string channel;
  std::string body;  // the TL;DR
  std::string link;  // the video's URL
  std::string path;  // the document, relative to output_dir
  int attempts = 0;
  std::string last_error;
};

struct OutboxCounts {
  std::int64_t pending = 0;
  std::int64_t failed = 0;
  std::int64_t sent = 0;
  std::optional<UnixTime> next_attempt_at;  // of the first pending one
  std::string last_error;                   // of the most recently tried one that has not gone out
};

struct SearchQuery {
  std::string text;               // words (or "quoted phrases", word* prefixes), all in one passage
  std::string channel;            // a channel id, or part of its name; empty: every channel
  std::optional<UnixTime> since;  // published at or after
  int limit = 20;
};

// One passage that matched: a stretch of the transcript, a paragraph of the translation, or a
// part of the summary, with where it is in the video.
struct SearchHit {
  std::string video_id;
  std::string title;
  std::string channel;
  std::optional<UnixTime> published_at;
  std::string kind;  // transcript, translation, summary
  int start = 0;     // seconds into the video
  std::string text;
  double score = 0;  // lower is better (bm25)
};

struct SearchIndexSize {
  std::int64_t passages = 0;
  std::int64_t text_bytes = 0;
  std::int64_t index_bytes = 0;       // the trigram index (substrings, Chinese and Japanese)
  std::int64_t word_index_bytes = 0;  // the word index
  std::int64_t passage_bytes = 0;     // the passages table and its index
};

// The words of a query: split at spaces, "double quotes" keep a phrase together.
std::vector<std::string> search_terms(std::string_view text);

// The passages of one video that matched: the best first, then the others in the order ranked.
struct VideoMatches {
  SearchHit best;
  std::vector<SearchHit> more;
};
// Hits grouped by video, the videos in the order of their best passage, at most `videos` of them:
// fifty passages of one talk read as one talk with forty-nine more moments.
std::vector<VideoMatches> group_by_video(std::vector<SearchHit> hits, int videos);
// How many passages to ask the index for so that `videos` videos come out, each with its others.
int passages_for_videos(int videos);

// A digest written into output_dir: one per day or ISO week that had new documents.
struct DigestRecord {
  std::string period;  // "2026-01-08" or "2026-W02"
  std::string path;    // relative to output_dir
  int documents = 0;
  int channels = 0;
  UnixTime written_at = 0;
};

struct Alias {
  std::string channel_id;
  std::string title;
  UnixTime resolved_at = 0;
};

struct QueueCounts {
  std::map<std::string, std::int64_t> by_state;         // every state name, zero included
  std::map<std::string, std::int64_t> by_failure_code;  // waiting and failed videos by their last failure
};

class Store {
 public:
  // Opens (creating it and its folder when missing) and migrates the database.
  // Throws SqliteError when it cannot, e.g. for a database from a newer ytmonitor.
  explicit Store(const std::filesystem::path& file);
  static std::filesystem::path default_file(const std::filesystem::path& state_dir);
  // Whether opening the database at `file` will migrate it: it exists, at an older schema.
  static bool upgrade_pending(const std::filesystem::path& file);

  [[nodiscard]] int schema_version() const;
  [[nodiscard]] const std::filesystem::path& file() const { return file_; }

  // Channels
  void ensure_channel(const std::string& id, const std::string& title, const std::string& source, UnixTime now);
  void record_poll(const std::string& channel_id, const PollOutcome& outcome);
  // The channel's last failed poll was not its own (YouTube's feeds failed for every channel): its
  // error becomes `error` and not_found_since is cleared.
  void acquit_channel(const std::string& channel_id, const std::string& error);
  [[nodiscard]] std::optional<ChannelRecord> channel(const std::string& id) const;
  [[nodiscard]] std::vector<ChannelRecord> channels() const;
  [[nodiscard]] std::optional<Alias> alias(const std::string& source) const;
  void save_alias(const std::string& source, const Alias& alias);

  // Videos. insert_video is idempotent on the video id: true only when the video was new.
  bool insert_video(const NewVideo& video, UnixTime now);
  // The same for a whole feed in one transaction; returns how many were new, in order.
  std::vector<bool> insert_videos(const std::vector<NewVideo>& videos, UnixTime now);
  [[nodiscard]] std::optional<VideoRecord> video(const std::string& id) const;
  [[nodiscard]] std::vector<VideoRecord> videos(std::optional<VideoState> state = std::nullopt, int limit = 1000) const;
  [[nodiscard]] std::vector<std::string> known_video_ids(const std::string& channel_id) const;
  // Fills in what a video given by hand (`ytmonitor process`) lacked until its metadata came.
  void complete_video_details(const std::string& id, const std::string& channel_id, const std::string& title,
                              std::optional<UnixTime> published_at);

  // The queue. claim takes the newest runnable video: queued, waiting and due, or processing with
  // a lease that expired or whose owner ran on this host and is gone (taken over at once). Each
  // claim counts as an attempt. A video taken from a dead owner is accounted first: when a model
  // call of it was in flight at the death (it was waiting: a kill from outside) its attempt is given
  // back; otherwise the death counts as a crash at the point its saved steps had reached, and a
  // video with max_attempts crashes in a row at one point (or twice as many deaths of either kind)
  // is failed `crashed` instead of crashing its process again.
  Claim claim(const Claimant& who, UnixTime now, UnixTime lease_until);
  // The same for an owner that is this process, without an attempt limit.
  std::optional<Lease> claim_next(const std::string& owner, UnixTime now, UnixTime lease_until);
  // Claims one given video whatever its state (for `ytmonitor process`), unless another live lease
  // holds it (a lease of a dead owner on this host does not).
  std::optional<Lease> claim_video(const std::string& video_id, const Claimant& who, UnixTime now,
                                   UnixTime lease_until);
  std::optional<Lease> claim_video(const std::string& video_id, const std::string& owner, UnixTime now,
                                   UnixTime lease_until);
  bool renew_lease(const Lease& lease, UnixTime until);
  // Ends a lease. Each returns false when the lease was lost (expired and taken by another worker).
  bool complete(const Lease& lease, UnixTime now);
  bool fail(const Lease& lease, const Failure& failure, std::optional<UnixTime> retry_at, UnixTime now);
  bool release(const Lease& lease, const std::string& reason, UnixTime now);  // back to queued, attempt not counted
  bool skip(const Lease& lease, const std::string& code, const std::string& reason, UnixTime now);
  int retry(const std::string& video_id, UnixTime now);  // failed/skipped/waiting → queued; returns how many
  int retry_failed(UnixTime now);  // every failed and waiting video → queued, its attempts reset
  // Waiting videos whose last failure has this code become due now; returns how many.
  int retry_now(FailureCode failure_code, UnixTime now);

  // Checkpoints
  [[nodiscard]] std::optional<Step> step(const std::string& video_id, const std::string& name) const;
  void save_step(const Step& step);
  [[nodiscard]] std::vector<Step> steps(const std::string& video_id) const;

  // Model spend. A call is recorded as pending before it is sent (with the cost it may reach) and
  // completed once answered, so spend and the budget count calls a crash or kill -9 cut off too.
  // owner is the calling process (ProcessIdentity::text): a later start abandons its pending calls.
  void record_model_call(const ModelCall& call);
  std::int64_t begin_model_call(const ModelCall& call, const std::string& owner);
  void finish_model_call(std::int64_t id, const ModelCall& call);
  void abandon_model_call(std::int64_t id);
  int abandon_orphan_model_calls();  // pending calls of processes that are gone; returns how many
  // Output tokens per input token of the last completed calls of a step kind ("translate" for
  // "translate/3.1"); nullopt before any.
  [[nodiscard]] std::optional<double> output_ratio(const std::string& step_kind) const;
  [[nodiscard]] std::map<std::string, std::int64_t> model_calls_by_state() const;
  [[nodiscard]] SpendSummary spend_since(UnixTime since) const;
  [[nodiscard]] std::vector<ChannelSpend> spend_by_channel(UnixTime since) const;

  // Batches (store/batches.cpp). create_batch writes the batch ('sending'), each request's model
  // call (pending) and its row with the custom id it is sent with, in one transaction; returns the
  // batch's id and its requests in order.
  std::pair<std::int64_t, std::vector<BatchRequestRecord>> create_batch(const BatchServer& server,
                                                                         const std::vector<NewBatchRequest>& requests,
                                                                         const std::string& owner, UnixTime now);
  void batch_sent(std::int64_t id, const std::string& server_id, const std::string& input_file_id);
  void batch_polled(std::int64_t id, const std::string& server_status, bool cancel_sent);
  // Stores each request's end and finishes its model call; the batch becomes `state` (ended, unsent).
  void end_batch(std::int64_t id, BatchState state, const std::vector<BatchRequestEnd>& ends, UnixTime now);
  [[nodiscard]] std::optional<BatchRecord> batch(std::int64_t id) const;
  [[nodiscard]] std::vector<BatchRecord> unfinished_batches() const;  // sending or open
  // Of these server ids, those a batch row already has: one lock, however long the server's list.
  [[nodiscard]] std::set<std::string> known_server_batches(const std::vector<std::string>& server_ids) const;
  [[nodiscard]] std::vector<BatchRequestRecord> batch_requests(std::int64_t batch_id) const;
  // The newest request made for this step with this hash.
  [[nodiscard]] std::optional<BatchRequestRecord> batch_request_for(const std::string& video_id, const std::string& step,
                                                                    const std::string& request_hash) const;

  // Documents
  [[nodiscard]] std::optional<DocumentRecord> document(const std::string& video_id) const;
  void save_document(const DocumentRecord& document);
  [[nodiscard]] std::vector<DocumentRecord> documents() const;
  // Documents whose stored result keeps passages as the original transcript (its coverage says so).
  [[nodiscard]] long documents_with_untranslated_passages() const;
  // The newest documents by publication time, with their title, channel and TL;DR.
  [[nodiscard]] std::vector<DocumentSummary> recent_documents(int limit) const;

  // The outbox. enqueue adds each notification once per subject and target (again: ignored).
  void enqueue_notifications(const std::vector<Notification>& notifications, UnixTime now);
  [[nodiscard]] std::vector<Notification> due_notifications(UnixTime now, int limit) const;
  void notification_sent(std::int64_t id, UnixTime now);
  // retry_at: when to try again; nullopt gives it up ("failed"). Counts the attempt either way.
  void notification_failed(std::int64_t id, const std::string& error, std::optional<UnixTime> retry_at, UnixTime now);
  [[nodiscard]] OutboxCounts outbox_counts() const;

  // Search (the index follows the stored results by itself: see migrations/).
  [[nodiscard]] std::vector<SearchHit> search(const SearchQuery& query) const;
  [[nodiscard]] SearchIndexSize search_index_size() const;

  // Digests. Documents first written in [from, to), oldest first.
  [[nodiscard]] std::vector<DocumentSummary> documents_first_written(UnixTime from, UnixTime to) const;
  [[nodiscard]] std::optional<DigestRecord> digest(const std::string& period) const;
  [[nodiscard]] std::vector<DigestRecord> digests() const;  // newest first
  // Records the digest and puts its notifications in the outbox, in one transaction.
  void save_digest(const DigestRecord& digest, const std::vector<Notification>& announce);

  // Status
  [[nodiscard]] QueueCounts queue_counts() const;

  // SponsorBlock lookups (store/sponsor_lookups.cpp)
  [[nodiscard]] std::optional<SponsorLookup> sponsor_lookup(const std::string& video_id) const;
  void save_sponsor_lookup(const SponsorLookup& lookup);
  void record_sponsor_savings(const std::string& video_id, int tokens_saved);
  [[nodiscard]] SponsorSavings sponsor_savings() const;

  // Renderings the model chose for a channel's terms (store/proposed_terms.cpp). A video's terms
  // replace those it had; proposed_terms lists the channel's, the most videos first.
  void save_proposed_terms(const std::string& channel_id, const std::string& video_id, const TermRenderings& terms,
                           UnixTime now);
  [[nodiscard]] std::vector<ProposedTerm> proposed_terms(const std::string& channel_id) const;

  // The bot-check pause, kept across a restart (store/pauses.cpp); nullopt: none holds.
  void save_bot_check_pause(const std::optional<SavedBotCheckPause>& pause);
  [[nodiscard]] std::optional<SavedBotCheckPause> bot_check_pause() const;

  // Several calls as one transaction, so one commit: other threads wait until it ends. Rolled back
  // unless committed: auto batch = store.batch(); …; batch.commit();
  class Batch {
   public:
    explicit Batch(Store& store) : lock_(store.mutex_), tx_(*store.db_) {}
    void commit() { tx_.commit(); }

   private:
    std::unique_lock<std::recursive_mutex> lock_;
    Transaction tx_;
  };
  [[nodiscard]] Batch batch() { return Batch(*this); }

 private:
  std::filesystem::path file_;
  mutable std::recursive_mutex mutex_;  // recursive for Batch
  std::unique_ptr<Connection> db_;
};

}  // namespace ytm::store
