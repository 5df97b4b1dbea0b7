#include "store/store.hpp"

#include "store/deaths.hpp"

namespace ytm::store {
namespace {

constexpr const char* video_columns =
    "SELECT id, channel_id, title, link, published_at, is_short, origin, state, reason, failure_code, attempts, "
    "next_attempt_at, discovered_at, updated_at, finished_at, crashes, kills, crash_point FROM videos ";

VideoRecord read_video(const Statement& st) {
  VideoRecord v;
  v.id = st.text(0);
  v.channel_id = st.text(1);
  v.title = st.text(2);
  v.link = st.text(3);
  v.published_at = st.optional_integer(4);
  v.is_short = st.integer(5) != 0;
  v.origin = st.text(6);
  v.state = parse_video_state(st.text(7)).value_or(VideoState::failed);
  v.reason = st.text(8);
  v.failure_code = st.text(9);
  v.attempts = static_cast<int>(st.integer(10));
  v.next_attempt_at = st.optional_integer(11);
  v.discovered_at = st.integer(12);
  v.updated_at = st.integer(13);
  v.finished_at = st.optional_integer(14);
  v.crashes = static_cast<int>(st.integer(15));
  v.kills = static_cast<int>(st.integer(16));
  v.crash_point = st.text(17);
  return v;
}

// Takes the lease row away from its owner; false when the lease was lost to another worker.
bool end_lease(Connection& db, const Lease& lease) {
  Statement st(db, "DELETE FROM leases WHERE video_id = ?1 AND owner = ?2");
  st.bind_all(lease.video_id, lease.owner).run();
  return db.changes() == 1;
}

std::optional<Lease> take(Connection& db, const std::string& video_id, const Claimant& who, UnixTime now,
                          UnixTime until) {
  Statement update(db,
                   "UPDATE videos SET state = 'processing', attempts = attempts + 1, updated_at = ?2 WHERE id = ?1 "
                   "RETURNING attempts");
  update.bind_all(video_id, now);
  if (!update.step()) return std::nullopt;
  int attempt = static_cast<int>(update.integer(0));
  update.reset();
  Statement lease(db,
                  "INSERT INTO leases (video_id, owner, acquired_at, expires_at, owner_host, owner_pid, owner_started) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (video_id) DO UPDATE SET owner = ?2, "
                  "acquired_at = ?3, expires_at = ?4, owner_host = ?5, owner_pid = ?6, owner_started = ?7");
  lease.bind_all(video_id, who.owner, now, until, who.process.host, who.process.pid, who.process.started).run();
  return Lease{video_id, who.owner, until, attempt};
}

// A lease whose owner ran on this host and no longer runs (killed, crashed; its pid gone or reused)
// expires now instead of at its time: the video is taken over at once.
void end_dead_leases(Connection& db, const Claimant& who, UnixTime now) {
  Statement held(db,
                 "SELECT video_id, owner_host, owner_pid, owner_started FROM leases "
                 "WHERE expires_at > ?1 AND owner <> ?2 AND owner_host = ?3");
  held.bind_all(now, who.owner, who.process.host);
  std::vector<std::string> dead;
  while (held.step()) {
    ProcessIdentity owner{held.text(1), held.integer(2), held.integer(3)};
    if (!owner_may_be_running(owner)) dead.push_back(held.text(0));
  }
  held.reset();
  for (const auto& id : dead) {
    Statement expire(db, "UPDATE leases SET expires_at = ?2 WHERE video_id = ?1");
    expire.bind_all(id, now).run();
  }
}

Claimant this_process(const std::string& owner) { return Claimant{owner, self_identity(), 0}; }

}  // namespace

bool Store::insert_video(const NewVideo& v, UnixTime now) { return insert_videos({v}, now).front(); }

std::vector<bool> Store::insert_videos(const std::vector<NewVideo>& videos, UnixTime now) {
  if (videos.empty()) return {};
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  auto st = db_->cached(
      "INSERT INTO videos (id, channel_id, title, link, published_at, is_short, origin, state, reason, "
      "discovered_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) "
      "ON CONFLICT (id) DO NOTHING");
  std::vector<bool> inserted;
  for (const auto& v : videos) {
    st->bind_all(v.id, v.channel_id, v.title, v.link, v.published_at, static_cast<int>(v.is_short), v.origin,
                 to_string(v.state), v.reason, now)
        .run();
    inserted.push_back(db_->changes() == 1);
    st->reset();
  }
  tx.commit();
  return inserted;
}

std::optional<VideoRecord> Store::video(const std::string& id) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(video_columns) + "WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_video(st);
}

std::vector<VideoRecord> Store::videos(std::optional<VideoState> state, int limit) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(video_columns) +
                         "WHERE ?1 IS NULL OR state = ?1 ORDER BY coalesce(published_at, discovered_at) DESC LIMIT ?2");
  st.bind(1, state ? std::optional<std::string>(to_string(*state)) : std::nullopt).bind(2, limit);
  std::vector<VideoRecord> out;
  while (st.step()) out.push_back(read_video(st));
  return out;
}

std::vector<std::string> Store::known_video_ids(const std::string& channel_id) const {
  std::lock_guard lock(mutex_);
  auto st = db_->cached("SELECT id FROM videos WHERE channel_id = ?1");
  st->bind(1, channel_id);
  std::vector<std::string> out;
  while (st->step()) out.push_back(st->text(0));
  return out;
}

void Store::complete_video_details(const std::string& id, const std::string& channel_id, const std::string& title,
                                   std::optional<UnixTime> published_at) {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "UPDATE videos SET channel_id = CASE WHEN channel_id = '' THEN ?2 ELSE channel_id END, "
               "title = CASE WHEN title = '' THEN ?3 ELSE title END, "
               "published_at = coalesce(published_at, ?4) WHERE id = ?1");
  st.bind_all(id, channel_id, title, published_at).run();
}

Claim Store::claim(const Claimant& who, UnixTime now, UnixTime lease_until) {
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  end_dead_leases(*db_, who, now);
  Claim claim;
  claim.deaths = note_deaths(*db_, who, now);
  claim.crashed = fail_crashed(*db_, who.max_attempts, now);
  // A video whose worker died (processing, lease expired) goes first: its paid steps are checkpointed.
  // Then the newest upload, so a backlog never delays what was just published.
  Statement pick(*db_,
                 "SELECT id FROM videos v WHERE state = 'queued' "
                 "OR (state = 'waiting' AND coalesce(next_attempt_at, 0) <= ?1) "
                 "OR (state = 'processing' AND NOT EXISTS "
                 "    (SELECT 1 FROM leases l WHERE l.video_id = v.id AND l.expires_at > ?1)) "
                 "ORDER BY state = 'processing' DESC, coalesce(published_at, discovered_at) DESC LIMIT 1");
  pick.bind(1, now);
  if (pick.step()) {
    std::string id = pick.text(0);
    pick.reset();
    claim.lease = take(*db_, id, who, now, lease_until);
  }
  tx.commit();
  return claim;
}

std::optional<Lease> Store::claim_next(const std::string& owner, UnixTime now, UnixTime lease_until) {
  return claim(this_process(owner), now, lease_until).lease;
}

std::optional<Lease> Store::claim_video(const std::string& video_id, const Claimant& who, UnixTime now,
                                        UnixTime lease_until) {
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  end_dead_leases(*db_, who, now);
  note_deaths(*db_, who, now);
  Statement held(*db_, "SELECT owner FROM leases WHERE video_id = ?1 AND expires_at > ?2 AND owner <> ?3");
  held.bind_all(video_id, now, who.owner);
  if (held.step()) return std::nullopt;
  held.reset();
  auto lease = take(*db_, video_id, who, now, lease_until);
  tx.commit();
  return lease;
}

std::optional<Lease> Store::claim_video(const std::string& video_id, const std::string& owner, UnixTime now,
                                        UnixTime lease_until) {
  return claim_video(video_id, this_process(owner), now, lease_until);
}

bool Store::renew_lease(const Lease& lease, UnixTime until) {
  std::lock_guard lock(mutex_);
  Statement st(*db_, "UPDATE leases SET expires_at = ?3 WHERE video_id = ?1 AND owner = ?2");
  st.bind_all(lease.video_id, lease.owner, until).run();
  return db_->changes() == 1;
}

bool Store::complete(const Lease& lease, UnixTime now) {
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  if (!end_lease(*db_, lease)) return false;
  Statement st(*db_,
               "UPDATE videos SET state = 'done', reason = '', failure_code = '', next_attempt_at = NULL, "
               "updated_at = ?2, finished_at = ?2 WHERE id = ?1");
  st.bind_all(lease.video_id, now).run();
  tx.commit();
  return true;
}

bool Store::fail(const Lease& lease, const Failure& failure, std::optional<UnixTime> retry_at, UnixTime now) {
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  if (!end_lease(*db_, lease)) return false;
  bool permanent = failure.kind == FailureKind::permanent;
  // A paused stage (credentials, budget, missing tool) is not the video's fault: the try is not counted.
  bool counted = failure.kind != FailureKind::paused;
  Statement st(*db_,
               "UPDATE videos SET state = ?2, reason = ?3, failure_code = ?4, next_attempt_at = ?5, "
               "attempts = attempts - ?6, crashes = 0, kills = 0, crash_point = '', updated_at = ?7, finished_at = "
               "CASE WHEN ?2 = 'failed' THEN ?7 END "
               "WHERE id = ?1");
  st.bind_all(lease.video_id, permanent ? "failed" : "waiting", failure.message, failure.code_text(),
              permanent ? std::nullopt : retry_at, counted ? 0 : 1, now)
      .run();
  tx.commit();
  return true;
}

bool Store::release(const Lease& lease, const std::string& reason, UnixTime now) {
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  if (!end_lease(*db_, lease)) return false;
  Statement st(*db_,
               "UPDATE videos SET state = 'queued', reason = ?2, attempts = max(attempts - 1, 0), updated_at = ?3 "
               "WHERE id = ?1");
  st.bind_all(lease.video_id, reason, now).run();
  tx.commit();
  return true;
}

bool Store::skip(const Lease& lease, const std::string& code, const std::string& reason, UnixTime now) {
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  if (!end_lease(*db_, lease)) return false;
  Statement st(*db_,
               "UPDATE videos SET state = 'skipped', reason = ?2, failure_code = ?3, updated_at = ?4, "
               "finished_at = ?4 WHERE id = ?1");
  st.bind_all(lease.video_id, reason, code, now).run();
  tx.commit();
  return true;
}

// What a retry asked for by the user sets: queued afresh, every count of tries and deaths at zero.
constexpr const char* requeue_by_user =
    "UPDATE videos SET state = 'queued', attempts = 0, crashes = 0, kills = 0, crash_point = '', "
    "next_attempt_at = NULL, reason = 'retry requested', failure_code = '', updated_at = ?1, finished_at = NULL ";

int Store::retry(const std::string& video_id, UnixTime now) {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(requeue_by_user) +
                         "WHERE id = ?2 AND state IN ('failed', 'skipped', 'waiting', 'seen', 'done')");
  st.bind_all(now, video_id).run();
  return static_cast<int>(db_->changes());
}

int Store::retry_failed(UnixTime now) {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(requeue_by_user) + "WHERE state IN ('failed', 'waiting')");
  st.bind(1, now).run();
  return static_cast<int>(db_->changes());
}

int Store::retry_now(FailureCode failure_code, UnixTime now) {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "UPDATE videos SET next_attempt_at = ?2, updated_at = ?2 WHERE state = 'waiting' AND failure_code = ?1");
  st.bind_all(to_string(failure_code), now).run();
  return static_cast<int>(db_->changes());
}

}  // namespace ytm::store
