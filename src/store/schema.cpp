// Schema steps of the store, oldest first; step N brings user_version from N-1 to N.
#include "store/schema.hpp"

#include <array>
#include <string_view>

#include "store/transaction.hpp"

namespace patchplan::store {
namespace {

// A step, once released, is never edited: later changes are new steps.
constexpr std::array<std::string_view, 9> kSteps = {
    // 1: the change journal. AUTOINCREMENT keeps ids strictly increasing and records the
    // highest id ever used in sqlite_sequence, which verify() uses to see a removed tail.
    // UNIQUE(prev_hash) forbids two entries with one predecessor: the chain cannot fork.
    R"sql(
CREATE TABLE journal (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time TEXT NOT NULL,
  actor_user TEXT NOT NULL,
  actor_uid INTEGER NOT NULL,
  actor_tool TEXT NOT NULL,
  host TEXT NOT NULL,
  action TEXT NOT NULL,
  reason TEXT NOT NULL,
  before_digest TEXT NOT NULL,
  after_digest TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL UNIQUE,
  hash TEXT NOT NULL
);
CREATE INDEX journal_by_host ON journal(host, id);
CREATE INDEX journal_by_time ON journal(time);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the change journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the change journal is append-only'); END;
)sql",
    // 2: hosts, their assessment snapshots and each snapshot's pending updates.
    R"sql(
CREATE TABLE hosts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE assessment_snapshots (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  host_id INTEGER NOT NULL REFERENCES hosts(id),
  taken_at TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  document TEXT NOT NULL,
  digest TEXT NOT NULL
);
CREATE INDEX assessment_snapshots_by_host ON assessment_snapshots(host_id, id);
CREATE TABLE pending_updates (
  snapshot_id INTEGER NOT NULL REFERENCES assessment_snapshots(id) ON DELETE CASCADE,
  package TEXT NOT NULL,
  architecture TEXT NOT NULL,
  installed_version TEXT NOT NULL,
  candidate_version TEXT NOT NULL,
  source_package TEXT NOT NULL,
  suite TEXT NOT NULL,
  security INTEGER NOT NULL CHECK (security IN (0, 1)),
  PRIMARY KEY (snapshot_id, package, architecture)
) WITHOUT ROWID;
)sql",
    // 3: vulnerability feeds (src/feeds): one row per imported feed, and its records. An
    // import inserts a new feed row with its records, then deletes the previous feed of
    // the same kind and name, in one transaction; name is NULL only inside that
    // transaction. Times are store timestamps (ISO 8601 UTC text). Advisories are clustered
    // by (feed, ecosystem, release, source): one B-tree serves both the import and the
    // matcher's load of a release; ordinal numbers the records of a feed in file order.
    R"sql(
CREATE TABLE feeds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('tracker', 'changelog', 'osv', 'kev', 'epss')),
  name TEXT,
  source TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  fetched_at TEXT,
  feed_date TEXT,
  feed_version TEXT NOT NULL,
  digest TEXT NOT NULL,
  records INTEGER NOT NULL,
  skipped INTEGER NOT NULL,
  etag TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  notes TEXT NOT NULL,
  UNIQUE (kind, name)
);
CREATE TABLE advisories (
  feed_id INTEGER NOT NULL REFERENCES feeds(id),
  ecosystem TEXT NOT NULL,
  release TEXT NOT NULL,
  source_package TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  vulnerability TEXT NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('fixed', 'open', 'not-affected', 'undetermined', 'end-of-life')),
  introduced TEXT NOT NULL,
  fixed_version TEXT NOT NULL,
  last_affected TEXT NOT NULL,
  versions TEXT NOT NULL,
  urgency TEXT NOT NULL,
  urgency_unconfirmed INTEGER NOT NULL,
  nodsa INTEGER NOT NULL,
  nodsa_reason TEXT NOT NULL,
  nodsa_note TEXT NOT NULL,
  next_point_update INTEGER NOT NULL,
  scope TEXT NOT NULL,
  cvss_score REAL,
  cvss_vector TEXT NOT NULL,
  aliases TEXT NOT NULL,
  PRIMARY KEY (feed_id, ecosystem, release, source_package, ordinal)
) WITHOUT ROWID;
CREATE TABLE kev (
  feed_id INTEGER NOT NULL REFERENCES feeds(id),
  cve TEXT NOT NULL,
  vendor TEXT NOT NULL,
  product TEXT NOT NULL,
  name TEXT NOT NULL,
  date_added TEXT NOT NULL,
  due_date TEXT NOT NULL,
  known_ransomware INTEGER NOT NULL,
  PRIMARY KEY (feed_id, cve)
) WITHOUT ROWID;
CREATE TABLE epss (
  feed_id INTEGER NOT NULL REFERENCES feeds(id),
  cve TEXT NOT NULL,
  probability REAL NOT NULL,
  percentile REAL NOT NULL,
  PRIMARY KEY (feed_id, cve)
) WITHOUT ROWID;
)sql",
    // 4: the (source, version) pairs a changelog feed records (src/feeds, import-changelogs):
    // evidence that a version found in no configured index is still the distribution's.
    // Replaced with its feed, like the advisories.
    R"sql(
CREATE TABLE source_versions (
  feed_id INTEGER NOT NULL REFERENCES feeds(id),
  source_package TEXT NOT NULL,
  version TEXT NOT NULL,
  PRIMARY KEY (feed_id, source_package, version)
) WITHOUT ROWID;
)sql",
    // 5: deployments (src/deploy). One row per change request (its canonical JSON), one per
    // host of a change with the step it last began (written before the step runs, in the
    // transaction of its journal entry) and its checkpoint, and one lock row per host that
    // a change is working on: a second change on a host is refused while the row exists,
    // even after a crash, until the holding change is resumed or rolled back.
    R"sql(
CREATE TABLE deploy_changes (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  request TEXT NOT NULL,
  state TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE deploy_hosts (
  change_id TEXT NOT NULL REFERENCES deploy_changes(id),
  host TEXT NOT NULL,
  ring INTEGER NOT NULL,
  step TEXT NOT NULL,
  state TEXT NOT NULL,
  checkpoint TEXT NOT NULL,
  outcome TEXT NOT NULL,
  PRIMARY KEY (change_id, host)
) WITHOUT ROWID;
CREATE TABLE host_locks (
  host TEXT PRIMARY KEY,
  change_id TEXT NOT NULL REFERENCES deploy_changes(id),
  pid INTEGER NOT NULL,
  locked_at TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 6: plans (src/plan): each stored plan document, numbered per month of its start
    // (period "2026-12", versions 1, 2, ... as it is re-planned), and its approvals, each
    // pointing at the journal entry that records who approved and when.
    R"sql(
CREATE TABLE plans (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  period TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  plan_from TEXT NOT NULL,
  plan_until TEXT NOT NULL,
  document TEXT NOT NULL,
  digest TEXT NOT NULL,
  UNIQUE (period, version)
);
CREATE TABLE plan_approvals (
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  journal_id INTEGER NOT NULL REFERENCES journal(id),
  approved_at TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  PRIMARY KEY (plan_id, journal_id)
) WITHOUT ROWID;
)sql",
    // 7: remediations (src/harden, harden --remediate): one row per run of fixes (its change
    // id, root, profile and state), one per fix run with the journal entries written before
    // it ran (the befores of every file it changes) and after (the afters), and the contents
    // of those files, hex-encoded and addressed by their SHA-256, which the entries name.
    R"sql(
CREATE TABLE remediation_changes (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  host TEXT NOT NULL,
  root TEXT NOT NULL,
  benchmark TEXT NOT NULL,
  profile TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'applied', 'rolled-back'))
) WITHOUT ROWID;
CREATE TABLE remediation_fixes (
  change_id TEXT NOT NULL REFERENCES remediation_changes(id),
  ordinal INTEGER NOT NULL,
  rule TEXT NOT NULL,
  start_journal_id INTEGER NOT NULL REFERENCES journal(id),
  end_journal_id INTEGER REFERENCES journal(id),
  PRIMARY KEY (change_id, ordinal)
) WITHOUT ROWID;
CREATE TABLE file_contents (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  content_hex TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 8: a plan's document kept zstd-compressed (a 10,000-host plan is some 180 MB of JSON,
    // a tenth of that compressed): new plans leave `document` empty and fill
    // `document_zstd`; plans stored before keep their text.
    R"sql(
ALTER TABLE plans ADD COLUMN document_zstd BLOB;
)sql",
    // 9: the boot a deployed host was in when its reboot was requested (the kernel's boot_id,
    // or a container's init), so that a resumed deployment tells a reboot that happened from
    // one that did not.
    R"sql(
ALTER TABLE deploy_hosts ADD COLUMN boot_before TEXT NOT NULL DEFAULT '';
)sql",
};

}  // namespace

const int kSchemaVersion = static_cast<int>(kSteps.size());

Error newer_schema_error(const Database& db, int version) {
  return make_error(ErrorCode::kConflict,
                    "database '{}' has schema version {}, newer than this patchplan knows ({}): "
                    "use a newer patchplan",
                    db.path(), version, kSchemaVersion);
}

Expected<int> schema_version(Database& db) {
  auto version = db.query_int("PRAGMA user_version");
  if (!version) return version.error().context("cannot read the schema version");
  return static_cast<int>(*version);
}

Status migrate(Database& db, int target) {
  if (target < 0 || target > kSchemaVersion) {
    return make_error(ErrorCode::kInternal, "no schema version {} to migrate to", target);
  }
  auto transaction = Transaction::begin(db, Transaction::Mode::kImmediate);
  if (!transaction) return transaction.error().context("cannot migrate the schema");
  auto current = schema_version(db);
  if (!current) return current.error();
  if (*current > kSchemaVersion) return newer_schema_error(db, *current);
  if (*current >= target) return ok();  // the transaction rolls back: nothing was changed

  for (int step = *current; step < target; ++step) {
    if (auto status = db.exec(kSteps[static_cast<std::size_t>(step)]); !status) {
      return status.error().context(
          fmt::format("cannot migrate the schema to version {}", step + 1));
    }
  }
  if (auto status = db.exec(fmt::format("PRAGMA user_version = {}", target)); !status) {
    return status.error().context("cannot record the schema version");
  }
  return transaction->commit();
}

}  // namespace patchplan::store
