#include "store/deaths.hpp"

namespace ytm::store {
namespace {

struct Held {
  std::string video_id;
  ProcessIdentity owner;
};

// Leases that ended without their owner ending them: a dead owner on this host (end_dead_leases
// expired it), or one that simply expired. A live owner on this host whose lease lapsed has not
// died: its job notices the lost lease by itself.
std::vector<Held> orphaned_leases(Connection& db, const Claimant& who, UnixTime now) {
  Statement st(db,
               "SELECT l.video_id, l.owner_host, l.owner_pid, l.owner_started FROM leases l "
               "JOIN videos v ON v.id = l.video_id WHERE l.expires_at <= ?1 AND v.state = 'processing'");
  st.bind(1, now);
  std::vector<Held> out;
  while (st.step()) {
    ProcessIdentity owner{st.text(1), st.integer(2), st.integer(3)};
    if (owner.host == who.process.host && owner_may_be_running(owner)) continue;
    out.push_back({st.text(0), std::move(owner)});
  }
  return out;
}

// The model calls are recorded before they are sent: one still pending (or abandoned since) of
// this owner was in flight when it died.
bool waiting_on_model(Connection& db, const Held& held) {
  Statement st(db,
               "SELECT EXISTS (SELECT 1 FROM model_calls WHERE video_id = ?1 AND owner = ?2 "
               "AND state IN ('pending', 'abandoned'))");
  st.bind_all(held.video_id, held.owner.text()).step();
  return st.integer(0) != 0;
}

// How far the video had come: its saved steps. The same point at two deaths means no step was
// saved in between.
std::string point_reached(Connection& db, const std::string& video_id) {
  Statement st(db,
               "SELECT count(*), coalesce((SELECT name FROM steps WHERE video_id = ?1 "
               "ORDER BY created_at DESC, rowid DESC LIMIT 1), '') FROM steps WHERE video_id = ?1");
  st.bind(1, video_id).step();
  const auto saved = st.integer(0);
  if (saved == 0) return "before its first step was saved";
  return "after step " + st.text(1) + " (" + std::to_string(saved) + " saved)";
}

}  // namespace

std::vector<Death> note_deaths(Connection& db, const Claimant& who, UnixTime now) {
  std::vector<Death> deaths;
  for (const Held& held : orphaned_leases(db, who, now)) {
    Death death{held.video_id, waiting_on_model(db, held), 0, point_reached(db, held.video_id)};
    const int own = death.waiting ? 0 : 1;
    Statement count(db,
                    "UPDATE videos SET crashes = (CASE WHEN crash_point = ?2 THEN crashes ELSE 0 END) + ?3, "
                    "kills = (CASE WHEN crash_point = ?2 THEN kills ELSE 0 END) + 1 - ?3, crash_point = ?2, "
                    "attempts = max(attempts - 1 + ?3, 0), updated_at = ?4 WHERE id = ?1 RETURNING crashes");
    count.bind_all(held.video_id, death.point, own, now);
    if (count.step()) death.crashes = static_cast<int>(count.integer(0));
    count.reset();
    Statement end(db, "DELETE FROM leases WHERE video_id = ?1");
    end.bind(1, held.video_id).run();
    deaths.push_back(std::move(death));
  }
  return deaths;
}

std::vector<std::string> fail_crashed(Connection& db, int max_attempts, UnixTime now) {
  std::vector<std::string> failed;
  if (max_attempts <= 0) return failed;
  Statement st(db,
               "UPDATE videos SET state = 'failed', failure_code = ?3, next_attempt_at = NULL, "
               "reason = 'its process died ' || (crashes + kills) || ' times in a row while working on it, each "
               "time ' || crash_point || CASE WHEN kills = 0 THEN ' and while its own work ran' ELSE ' (' || "
               "crashes || ' while its own work ran, ' || kills || ' while it waited on the model)' END || "
               "'; the log before each restart says more; `ytmonitor retry` tries again', "
               "updated_at = ?2, finished_at = ?2 "
               "WHERE state = 'processing' AND (crashes >= ?1 OR crashes + kills >= 2 * ?1) AND NOT EXISTS "
               "(SELECT 1 FROM leases l WHERE l.video_id = videos.id AND l.expires_at > ?2) RETURNING id");
  st.bind_all(max_attempts, now, to_string(FailureCode::crashed));
  while (st.step()) failed.push_back(st.text(0));
  st.reset();
  for (const auto& id : failed) {
    Statement drop(db, "DELETE FROM leases WHERE video_id = ?1");
    drop.bind(1, id).run();
  }
  return failed;
}

}  // namespace ytm::store
